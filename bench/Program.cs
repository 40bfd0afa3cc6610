using System;
using System.Linq;
using BenchmarkDotNet.Running;
using ZeroContracts.Bench.Quick;

// dotnet run -c Release --project bench -- --quick         the whole table in about a minute (docs/performance.md)
// dotnet run -c Release --project bench -- --quick --tiny  every row with tiny counts (what the smoke test runs)
// dotnet run -c Release --project bench -- --quick --only rpc,alloc   some tables only (rpc, streams, alloc, generator)
// dotnet run -c Release --project bench -- --allocs typed          bytes allocated per call by type (typed|typedclient|typedserver|raw)
// dotnet run -c Release --project bench -- --latency-breakdown   one call at a time, layer by layer, from raw REQ/REP to typed
// dotnet run -c Release --project bench -- [BenchmarkDotNet arguments, e.g. --filter *ReqRep*]
if (args.Length > 1 && args[0] == "--allocs")
{
    await ZeroContracts.Bench.Diag.AllocationProfile.RunAsync(Console.Out, args[1], 50_000);
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
