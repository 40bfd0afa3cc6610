using System;
using System.Threading.Tasks;

namespace ZeroContracts.Bench.Peers;

/// <summary>A one-way sender and its receivers (PUB/SUB or PUSH/PULL), typed or raw, in this process.</summary>
public interface IStreamPeer : IDisposable
{
    /// <summary>
    /// Sends <paramref name="messages"/> as fast as the sender takes them and waits until they have all arrived or
    /// arrivals stop for <paramref name="idle"/>.
    /// </summary>
    Task<StreamResult> RunAsync(int messages, TimeSpan idle);
}
