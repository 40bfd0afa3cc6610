using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using ZeroContracts.Bench.Peers;

namespace ZeroContracts.Bench.Benchmarks;

/// <summary>One round trip at a time: the generated client and server against raw NetMQ REQ/REP.</summary>
[MemoryDiagnoser]
public class ReqRepLatencyBenchmarks
{
    private TypedEcho _typed = null!;
    private RawReqRep _raw = null!;

    /// <summary>Payload bytes each way.</summary>
    [Params(64, 1024, 65536)]
    public int Size { get; set; }

    /// <summary>Starts both pairs on loopback tcp.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _typed = new TypedEcho(Size);
        _raw = new RawReqRep(Size);
    }

    /// <summary>Raw NetMQ REQ/REP.</summary>
    [Benchmark(Baseline = true)]
    public Task Raw() => _raw.RunAsync(1, 1);

    /// <summary>The generated client and server.</summary>
    [Benchmark]
    public async Task<byte[]> Typed() => await _typed.Client.EchoAsync(_typed.Payload).ConfigureAwait(false);

    /// <summary>Closes both pairs.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _typed.Dispose();
        _raw.Dispose();
    }
}
