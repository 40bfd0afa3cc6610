using System;
using System.Linq;
using BenchmarkDotNet.Running;
using ZeroContracts.Bench.Quick;

// dotnet run -c Release --project bench -- --quick         the whole table in about a minute (docs/performance.md)
// dotnet run -c Release --project bench -- --quick --tiny  every row with tiny counts (what the smoke test runs)
// dotnet run -c Release --project bench -- --quick --only rpc,alloc   some tables only (rpc, streams, alloc, generator)
// dotnet run -c Release --project bench -- --allocs typed          bytes allocated per call by type (typed|typedclient|typedserver|raw)
// dotnet run -c Release --project bench -- --latency-breakdown   one call at a time, layer by layer, from raw REQ/REP to typed
// dotnet run -c Release --project bench -- --hold-rpc 20 [inline]  typed echo at 64 outstanding for 20 s, to attach a profiler
// dotnet run -c Release --project bench -- [BenchmarkDotNet arguments, e.g. --filter *ReqRep*]
if (args.Length > 1 && args[0] == "--allocs")
{
    await ZeroContracts.Bench.Diag.AllocationProfile.RunAsync(Console.Out, args[1], 50_000);
    return 0;
}

if (args.Length > 1 && args[0] == "--hold-rpc")
{
    // Nothing is printed but the rate: the run exists for dotnet-trace or dotnet-counters to attach to.
    using var peer = new ZeroContracts.Bench.Peers.TypedEcho(64, inline: args.Contains("inline"));
    var until = DateTime.UtcNow.AddSeconds(double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
    Console.WriteLine($"process {Environment.ProcessId}");
    var watch = System.Diagnostics.Stopwatch.StartNew();
    var allocated = GC.GetTotalAllocatedBytes();
    var collections = GC.CollectionCount(0);
    long calls = 0;
    while (DateTime.UtcNow < until)
    {
        await peer.RunAsync(10_000, 64);
        calls += 10_000;
    }

    Console.WriteLine($"{calls / watch.Elapsed.TotalSeconds:0} calls/s, {(GC.GetTotalAllocatedBytes() - allocated) / (double)calls:0} B allocated and {(GC.CollectionCount(0) - collections) * 1e6 / calls:0.0} gen0 collections per million calls");
    return 0;
}

if (args.Contains("--latency-breakdown"))
{
    await ZeroContracts.Bench.Diag.LatencyBreakdown.RunAsync(Console.Out, rounds: 30, batch: 300);
    return 0;
}

if (args.Contains("--quick"))
{
    var only = Array.IndexOf(args, "--only") is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    var settings = args.Contains("--tiny") ? QuickSettings.Tiny : QuickSettings.Default;
    await QuickRun.RunAsync(Console.Out, settings with { Only = only });
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(QuickRun).Assembly).Run(args);
return 0;
