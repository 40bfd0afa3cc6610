using System;
using System.Threading.Tasks;

namespace ZeroContracts.Bench.Peers;

/// <summary>A client and a server of one kind (typed, raw NetMQ, gRPC) in this process, echoing a fixed payload.</summary>
public interface IEchoPeer : IDisposable
{
    /// <summary>Makes <paramref name="calls"/> round trips, keeping <paramref name="outstanding"/> in flight.</summary>
    Task RunAsync(int calls, int outstanding);
}
