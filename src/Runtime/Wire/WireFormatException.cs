using System;

namespace ZeroContracts.Wire;

/// <summary>
/// A message that does not follow docs/protocol.md. Thrown inside the runtime only, where it becomes a
/// <c>bad_request</c> error reply (server) or a <see cref="RemoteException"/> with code <c>bad_reply</c> (client).
/// </summary>
internal sealed class WireFormatException : Exception
{
    public WireFormatException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
