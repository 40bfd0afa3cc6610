using System.ComponentModel;

namespace ZeroContracts.Messaging;

/// <summary>Runs one contract method for a received message: reads the key and arguments, calls the handler.</summary>
/// <typeparam name="TService">The contract interface.</typeparam>
/// <param name="service">The handler the receiver was given.</param>
/// <param name="message">The received message.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate void MessageHandler<in TService>(TService service, IncomingMessage message);
