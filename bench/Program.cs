using System;
using System.Linq;
using BenchmarkDotNet.Running;
using ZeroContracts.Bench.Quick;

// dotnet run -c Release --project bench -- --quick         the whole table in about a minute and a half (docs/performance.md)
// dotnet run -c Release --project bench -- --quick --tiny  every row with tiny counts (what the smoke test runs)
// dotnet run -c Release --project bench -- --quick --only rpc,alloc   some tables only (rpc, streams, alloc, generator)
// dotnet run -c Release --project bench -- --quick --only rpc --sets 96   more sets per round-trip row (24 unless given): a narrower interval of each median
// dotnet run -c Release --project bench -- --allocs typed          bytes allocated per call by type (typed|typedclient|typedserver|raw)
// dotnet run -c Release --project bench -- --latency-breakdown [bytes]   one call at a time (64 B unless given), layer by layer, from raw REQ/REP to typed
// dotnet run -c Release --project bench -- --harness-bias [bytes] [--cycles n]   the quick latency row (1 KB unless given) and variants of it, to show a harness bias
// dotnet run -c Release --project bench -- --hold-rpc 20 [inline]  typed echo at 64 outstanding for 20 s, to attach a profiler
// dotnet run -c Release --project bench -- --hold-streams 20 pubsub|raw-pubsub|pipeline|raw-pipeline [inline]  one-way messages for 20 s, likewise
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

    Console.WriteLine($"{calls / watch.Elapsed.TotalSeconds:0} calls/s, {(GC.GetTotalAllocatedBytes() - allocated) / (double)calls:0} B allocated and {(GC.CollectionCount(0) - collections) * 1e6 / calls:0.0} gen0 collections per million calls, {ZeroContracts.Transport.AwayWatch.StandIns} stand-ins, {ZeroContracts.Transport.AwayWatch.SlowSpells} slow spells");
    return 0;
}

if (args.Length > 2 && args[0] == "--hold-streams")
{
    var inline = args.Contains("inline");
    using ZeroContracts.Bench.Peers.IStreamPeer peer = args[2] switch
    {
        "pubsub" => await ZeroContracts.Bench.Peers.TypedPubSub.StartAsync(64, inline),
        "raw-pubsub" => await ZeroContracts.Bench.Peers.RawPubSub.StartAsync(64),
        "pipeline" => await ZeroContracts.Bench.Peers.TypedPipeline.StartAsync(64, 1, inline),
        "raw-pipeline" => await ZeroContracts.Bench.Peers.RawPipeline.StartAsync(64, 1),
        _ => throw new ArgumentException($"Unknown stream peer '{args[2]}'."),
    };
    var until = DateTime.UtcNow.AddSeconds(double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
    Console.WriteLine($"process {Environment.ProcessId}");
    var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
    long arrived = 0;
    var sending = TimeSpan.Zero;
    while (DateTime.UtcNow < until)
    {
        var (count, elapsed) = await peer.RunAsync(100_000, TimeSpan.FromMilliseconds(100));
        arrived += count;
        sending += elapsed;
    }

    // The CPU includes the idle wait that ends each round, which costs little.
    Console.WriteLine($"{arrived / sending.TotalSeconds:0} messages/s arrived, {(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds * 1000 / arrived:0} ns of CPU per message arrived");
    return 0;
}

if (args.Contains("--latency-breakdown"))
{
    var at = Array.IndexOf(args, "--latency-breakdown");
    var payloadBytes = at + 1 < args.Length && int.TryParse(args[at + 1], out var bytes) ? bytes : 64;
    await ZeroContracts.Bench.Diag.LatencyBreakdown.RunAsync(Console.Out, rounds: 30, batch: 300, payloadBytes);
    return 0;
}

if (args.Contains("--harness-bias"))
{
    var at = Array.IndexOf(args, "--harness-bias");
    var payloadBytes = at + 1 < args.Length && int.TryParse(args[at + 1], out var bytes) ? bytes : 1024;
    var cycles = Array.IndexOf(args, "--cycles") is var c and >= 0 && c + 1 < args.Length ? int.Parse(args[c + 1], System.Globalization.CultureInfo.InvariantCulture) : 3;
    await ZeroContracts.Bench.Diag.HarnessBias.RunAsync(Console.Out, payloadBytes, cycles);
    return 0;
}

if (args.Contains("--quick"))
{
    var only = Array.IndexOf(args, "--only") is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    var settings = args.Contains("--tiny") ? QuickSettings.Tiny : QuickSettings.Default;
    if (Array.IndexOf(args, "--sets") is var setsAt and >= 0 && setsAt + 1 < args.Length) settings = settings with { Sets = int.Parse(args[setsAt + 1], System.Globalization.CultureInfo.InvariantCulture) };
    await QuickRun.RunAsync(Console.Out, settings with { Only = only });
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(QuickRun).Assembly).Run(args);
return 0;
