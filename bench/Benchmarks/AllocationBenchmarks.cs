using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using ZeroContracts.Bench.Peers;

namespace ZeroContracts.Bench.Benchmarks;

/// <summary>
/// Bytes allocated per call (64 B payload) with one side typed and the other raw NetMQ, next to raw on both sides:
/// the difference is what the typed side adds. MemoryDiagnoser counts every thread of the process.
/// </summary>
[MemoryDiagnoser]
public class AllocationBenchmarks
{
    private TypedClientRawServer _typedClient = null!;
    private RawDealerClient _typedServer = null!;
    private RawDealerClient _raw = null!;

    /// <summary>Starts the three pairs.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _typedClient = new TypedClientRawServer(64);
        _typedServer = RawClientTypedServer.Create(64);
        _raw = RawDealerClient.WithRawServer(64);
    }

    /// <summary>Raw DEALER client, raw ROUTER server.</summary>
    [Benchmark(Baseline = true)]
    public Task RawBoth() => _raw.RunAsync(1, 1);

    /// <summary>Generated client, raw ROUTER server.</summary>
    [Benchmark]
    public Task TypedClient() => _typedClient.RunAsync(1, 1);

    /// <summary>Raw DEALER client, generated server.</summary>
    [Benchmark]
    public Task TypedServer() => _typedServer.RunAsync(1, 1);

    /// <summary>Closes the pairs.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _typedClient.Dispose();
        _typedServer.Dispose();
        _raw.Dispose();
    }
}
