using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using ZeroContracts.Bench.Peers;

namespace ZeroContracts.Bench.Benchmarks;

/// <summary>
/// Many calls in flight over one client (64 B payload): typed against a pipelined raw DEALER/ROUTER pair and gRPC
/// .NET unary calls. Each invocation makes <see cref="Calls"/> calls; results are per call.
/// </summary>
[MemoryDiagnoser]
public class ThroughputBenchmarks
{
    private const int Calls = 1024;
    private TypedEcho _typed = null!;
    private RawDealerClient _raw = null!;
    private GrpcEcho _grpc = null!;

    /// <summary>Calls in flight at once.</summary>
    [Params(1, 16, 64, 256)]
    public int Outstanding { get; set; }

    /// <summary>Starts the three pairs.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _typed = new TypedEcho(64);
        _raw = RawDealerClient.WithRawServer(64);
        _grpc = GrpcEcho.StartAsync(64).GetAwaiter().GetResult();
    }

    /// <summary>Raw NetMQ DEALER/ROUTER.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public Task RawDealerRouter() => _raw.RunAsync(Calls, Outstanding);

    /// <summary>The generated client and server.</summary>
    [Benchmark(OperationsPerInvoke = Calls)]
    public Task Typed() => _typed.RunAsync(Calls, Outstanding);

    /// <summary>gRPC .NET unary over h2c.</summary>
    [Benchmark(OperationsPerInvoke = Calls)]
    public Task Grpc() => _grpc.RunAsync(Calls, Outstanding);

    /// <summary>Closes the pairs.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _typed.Dispose();
        _raw.Dispose();
        _grpc.Dispose();
    }
}
