using BenchmarkDotNet.Attributes;
using ZeroContracts.Bench.GeneratorLoad;

namespace ZeroContracts.Bench.Benchmarks;

/// <summary>The generator on a 200-contract project: a first run and a run after an unrelated edit.</summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private GeneratorWorkload _workload = null!;

    /// <summary>Parses the project and warms a driver for the incremental run.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _workload = new GeneratorWorkload();
        _workload.PrepareIncremental();
    }

    /// <summary>Every contract parsed and emitted.</summary>
    [Benchmark]
    public int Full() => _workload.RunFull();

    /// <summary>An edit that touches no contract, on a warm driver.</summary>
    [Benchmark]
    public bool Incremental() => _workload.RunIncremental();
}
