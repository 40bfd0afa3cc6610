using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ZeroContracts.Bench.GeneratorLoad;
using ZeroContracts.Bench.Peers;

namespace ZeroContracts.Bench.Quick;

/// <summary>
/// <c>--quick</c>: every scenario of docs/performance.md timed with a Stopwatch, the typed stubs and their
/// baselines measured in short alternating sets in this one process on loopback tcp, printed as Markdown tables with
/// the median of the ratios taken within each set.
/// </summary>
public static class QuickRun
{
    private static readonly int[] LatencySizes = { 64, 1024, 64 * 1024 };
    private static readonly int[] OutstandingCalls = { 1, 16, 64, 256 };
    private const int ThroughputSize = 64;

    /// <summary>Runs every scenario and writes the tables to <paramref name="output"/>.</summary>
    public static async Task RunAsync(TextWriter output, QuickSettings settings)
    {
        output.WriteLine($"ZeroContracts quick benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        output.WriteLine($"Machine: {Machine.Describe()}");
        output.WriteLine();

        if (settings.Runs("rpc")) await RpcTableAsync(output, settings).ConfigureAwait(false);
        if (settings.Runs("streams")) await StreamTableAsync(output, settings).ConfigureAwait(false);
        if (settings.Runs("alloc")) await AllocationTableAsync(output, settings).ConfigureAwait(false);
        if (settings.Runs("generator")) await GeneratorTableAsync(output, settings).ConfigureAwait(false);
    }

    private static async Task RpcTableAsync(TextWriter output, QuickSettings settings)
    {
        var rpc = new MarkdownTable(
            "scenario", "typed", "raw NetMQ", "typed/raw median (p25–p75)", "best/best", "gRPC unary", "typed/gRPC median (p25–p75)", "best/best",
            "CPU µs/call typed / raw / gRPC", "target", "met (median)");
        foreach (var size in LatencySizes) await LatencyRowAsync(rpc, size, settings).ConfigureAwait(false);
        await HandoffRowAsync(rpc, settings).ConfigureAwait(false);
        foreach (var outstanding in OutstandingCalls) await ThroughputRowAsync(rpc, outstanding, settings).ConfigureAwait(false);
        output.WriteLine("Round trips on loopback tcp (latency: µs per call, one at a time; throughput: calls/s, 64 B payload).");
        output.WriteLine("Raw NetMQ is REQ/REP for latency rows and a pipelined DEALER/ROUTER for throughput rows. Each row measures its peers");
        output.WriteLine($"in {settings.Sets} sets after an untimed one; in a set each peer (typed, raw, gRPC, inline) runs {settings.Duration.TotalMilliseconds:0} ms after {settings.WarmUp.TotalMilliseconds:0} ms untimed, one after the other, in the");
        output.WriteLine("reverse order in every other set. 'median (p25–p75)' is the median of the ratios taken within each set and their 25th to");
        output.WriteLine("75th percentiles: both sides of each ratio were measured within the same fraction of a second. The absolute figures and");
        output.WriteLine($"'best/best' are the previous estimator: the sets cut into {Math.Min(settings.Rounds, settings.Sets)} rounds, each peer's best round chosen on its own (so best/best");
        output.WriteLine("may divide rounds from different states of the machine); CPU is the whole process's (client and server) processor time");
        output.WriteLine("per call, lowest of the rounds. 'met (median)' reads the paired median, and says 'shown' when the median's 95% interval");
        output.WriteLine("(order statistics, the sets taken as independent draws; more sets with --sets) lies wholly on that side of the bound.");
        output.WriteLine();
        rpc.Write(output);
        output.WriteLine();

        // Each is a handler or continuation run on a socket thread that kept it away past a tick (SocketThread.RunDeferred).
        output.WriteLine($"Stand-ins that took over a socket during these rows: {Transport.AwayWatch.StandIns}; spells of user code handed to the thread pool for running slow on a socket thread: {Transport.AwayWatch.SlowSpells}.");
        await output.FlushAsync().ConfigureAwait(false);
    }

    private static async Task StreamTableAsync(TextWriter output, QuickSettings settings)
    {
        var streams = new MarkdownTable(
            "scenario", "typed", "raw NetMQ", "typed/raw median (p25–p75)", "best/best", "typed MB/s", "raw MB/s", "delivered typed / raw", "target", "met (median)");
        foreach (var size in new[] { 64, 1024 })
        {
            using var typed = await TypedPubSub.StartAsync(size).ConfigureAwait(false);
            using var raw = await RawPubSub.StartAsync(size).ConfigureAwait(false);
            using var inline = await TypedPubSub.StartAsync(size, inline: true).ConfigureAwait(false);
            await StreamRowAsync(streams, $"PUB/SUB {Size(size)}", size, settings, typed, raw, inline, size == 64 ? new Target("typed/raw", 0.7, AtMost: false) : null).ConfigureAwait(false);
        }

        foreach (var pullers in new[] { 1, 3 })
        {
            using var typed = await TypedPipeline.StartAsync(ThroughputSize, pullers).ConfigureAwait(false);
            using var raw = await RawPipeline.StartAsync(ThroughputSize, pullers).ConfigureAwait(false);
            using var inline = await TypedPipeline.StartAsync(ThroughputSize, pullers, inline: true).ConfigureAwait(false);
            await StreamRowAsync(streams, $"PUSH/PULL 64 B, {pullers} puller{(pullers > 1 ? "s" : "")}", ThroughputSize, settings, typed, raw, inline, null).ConfigureAwait(false);
        }

        output.WriteLine($"One-way messages/s on loopback tcp: {settings.StreamMessages:N0} messages sent as fast as the sender takes them, counted at the");
        output.WriteLine("receivers, timed from the first send to the last arrival (PUB drops at its high-water mark and the typed publisher");
        output.WriteLine("at PublisherOptions.MaxQueuedMessages, so 'delivered' is the share that arrived). Each row runs its three peers (typed, raw,");
        output.WriteLine($"inline) in {settings.StreamSets} sets of one burst each, in the reverse order in every other set; 'median (p25–p75)' is the median of the");
        output.WriteLine("ratios within each set and their 25th to 75th percentiles. The absolute figures, 'delivered' and 'best/best' are each peer's");
        output.WriteLine($"best of {Math.Min(settings.Rounds, settings.StreamSets)} rounds (the sets cut into as many), chosen on its own as before.");
        output.WriteLine();
        streams.Write(output);
        await output.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Two rows: the typed peer and the one with inline handlers (<paramref name="inline"/>), each next to raw.</summary>
    private static async Task StreamRowAsync(MarkdownTable table, string scenario, int size, QuickSettings settings, IStreamPeer typed, IStreamPeer raw, IStreamPeer inline, Target? target)
    {
        var idle = TimeSpan.FromMilliseconds(300);
        var peers = new[] { typed, raw, inline };
        foreach (var peer in peers) await peer.RunAsync(Math.Min(settings.StreamMessages, 1000), idle).ConfigureAwait(false);
        var results = await PairedSets.RunAsync(settings.StreamSets, warmUpSet: false, Array.ConvertAll(peers, peer => (Func<Task<Sample>>)(async () =>
        {
            var (arrived, elapsed) = await peer.RunAsync(settings.StreamMessages, idle).ConfigureAwait(false);
            return new Sample(arrived, elapsed.TotalSeconds, 0);
        }))).ConfigureAwait(false);

        StreamRow(table, scenario, size, settings, results, 0, target);
        StreamRow(table, $"{scenario}, {InlineLabel}", size, settings, results, 2, null);
    }

    private static void StreamRow(MarkdownTable table, string scenario, int size, QuickSettings settings, SetResults results, int typed, Target? target)
    {
        Round typedBest = results.Best(typed, settings.Rounds), rawBest = results.Best(1, settings.Rounds);
        double typedRate = typedBest.Total.Rate, rawRate = rawBest.Total.Rate;
        var paired = results.Paired(typed, 1, ofTime: false);
        double Delivered(Round round) => round.Total.Work / ((double)round.Measurements * settings.StreamMessages);
        table.Add(
            scenario,
            $"{F(typedRate, 0)}/s",
            $"{F(rawRate, 0)}/s",
            paired.Format(2),
            F(typedRate / rawRate, 2),
            F(typedRate * size / 1048576, 1),
            F(rawRate * size / 1048576, 1),
            $"{Delivered(typedBest):P0} / {Delivered(rawBest):P0}",
            target?.Label ?? "",
            target?.Verdict(paired, typedRate / rawRate) ?? "");
    }

    private static async Task AllocationTableAsync(TextWriter output, QuickSettings settings)
    {
        var allocations = new MarkdownTable("side (64 B payload)", "typed", "raw NetMQ", "typed − raw", "whole process (typed side + raw peer)", "target");
        await AllocationRowsAsync(allocations, settings).ConfigureAwait(false);
        output.WriteLine("Bytes allocated per call, one call at a time: GC.GetTotalAllocatedBytes less the raw peer's own thread, so");
        output.WriteLine("each side's figure includes NetMQ's I/O thread. The raw NetMQ side is idiomatic byte[] frame code.");
        output.WriteLine();
        allocations.Write(output);
        await output.FlushAsync().ConfigureAwait(false);
    }

    private static async Task GeneratorTableAsync(TextWriter output, QuickSettings settings)
    {
        var generator = new MarkdownTable("generator run", "time", "allocated", "all outputs cached");
        GeneratorRows(generator, settings);
        output.WriteLine($"ZeroContracts.Generator on a {settings.GeneratorContracts}-contract project (CSharpGeneratorDriver, this thread's allocations).");
        output.WriteLine();
        generator.Write(output);
        await output.FlushAsync().ConfigureAwait(false);
    }

    private static async Task LatencyRowAsync(MarkdownTable table, int size, QuickSettings settings)
    {
        using var typed = new TypedEcho(size);
        using var raw = new RawReqRep(size);
        using var inline = new TypedEcho(size, inline: true);
        var results = await PairedAsync(settings, 1, typed, raw, inline).ConfigureAwait(false);
        var target = new Target("typed/raw", 1.25, AtMost: true, "×");
        LatencyRow(table, $"REQ/REP latency {Size(size)}", settings, results, 0, target);
        LatencyRow(table, $"REQ/REP latency {Size(size)}, {InlineLabel}", settings, results, 2, null);
    }

    /// <summary>A latency row for the typed peer at <paramref name="typed"/>, next to raw REQ/REP (1).</summary>
    private static void LatencyRow(MarkdownTable table, string scenario, QuickSettings settings, SetResults results, int typed, Target? target)
    {
        Round typedBest = results.Best(typed, settings.Rounds), rawBest = results.Best(1, settings.Rounds);
        double typedUs = 1e6 / typedBest.Total.Rate, rawUs = 1e6 / rawBest.Total.Rate;
        var paired = results.Paired(typed, 1, ofTime: true);
        table.Add(
            scenario,
            $"{F(typedUs, 1)} µs",
            $"{F(rawUs, 1)} µs",
            paired.Format(2, "×"),
            $"{F(typedUs / rawUs, 2)}×",
            "",
            "",
            "",
            $"{F(typedBest.LowestCpuPerWork * 1e6, 1)} / {F(rawBest.LowestCpuPerWork * 1e6, 1)} / -",
            target?.Label ?? "",
            target?.Verdict(paired, typedUs / rawUs) ?? "");
    }

    /// <summary>The rows of typed peers with <see cref="ServerOptions.RunHandlersInline"/> and <see cref="ClientOptions.RunContinuationsInline"/>.</summary>
    private const string InlineLabel = "inline";

    /// <summary>
    /// The cost of one thread handoff and back, with no socket involved: what a typed call paid on each side before the
    /// socket threads ran user code, and what it still pays when user code goes to the thread pool.
    /// </summary>
    private static async Task HandoffRowAsync(MarkdownTable table, QuickSettings settings)
    {
        using var handoff = new PollerHandoff();
        var best = (await PairedAsync(settings, 1, handoff).ConfigureAwait(false)).Best(0, settings.Rounds);
        table.Add("handoff pool → poller → pool, no socket", $"{F(1e6 / best.Total.Rate, 1)} µs", "", "", "", "", "", "", $"{F(best.LowestCpuPerWork * 1e6, 1)} / - / -", "(a thread switch each way)", "");
    }

    private static async Task ThroughputRowAsync(MarkdownTable table, int outstanding, QuickSettings settings)
    {
        using var typed = new TypedEcho(ThroughputSize);
        using var raw = RawDealerClient.WithRawServer(ThroughputSize);
        using var grpc = await GrpcEcho.StartAsync(ThroughputSize).ConfigureAwait(false);
        using var inline = new TypedEcho(ThroughputSize, inline: true);
        var results = await PairedAsync(settings, outstanding, typed, raw, grpc, inline).ConfigureAwait(false);
        var targets = outstanding == 64 ? new[] { new Target("typed/raw", 0.5, AtMost: false), new Target("typed/gRPC", 5, AtMost: false) } : Array.Empty<Target>();
        ThroughputRow(table, $"RPC throughput, {outstanding} outstanding", settings, results, 0, targets);
        ThroughputRow(table, $"RPC throughput, {outstanding} outstanding, {InlineLabel}", settings, results, 3, Array.Empty<Target>());
    }

    /// <summary>A throughput row for the typed peer at <paramref name="typed"/>, next to raw (1) and gRPC (2).</summary>
    private static void ThroughputRow(MarkdownTable table, string scenario, QuickSettings settings, SetResults results, int typed, Target[] targets)
    {
        Round typedBest = results.Best(typed, settings.Rounds), rawBest = results.Best(1, settings.Rounds), grpcBest = results.Best(2, settings.Rounds);
        double typedRate = typedBest.Total.Rate, rawRate = rawBest.Total.Rate, grpcRate = grpcBest.Total.Rate;
        Spread overRaw = results.Paired(typed, 1, ofTime: false), overGrpc = results.Paired(typed, 2, ofTime: false);
        var verdicts = targets.Select(t => t.Ratio == "typed/raw" ? t.Verdict(overRaw, typedRate / rawRate) : t.Verdict(overGrpc, typedRate / grpcRate));
        table.Add(
            scenario,
            $"{F(typedRate, 0)}/s",
            $"{F(rawRate, 0)}/s",
            overRaw.Format(2),
            F(typedRate / rawRate, 2),
            $"{F(grpcRate, 0)}/s",
            overGrpc.Format(2),
            F(typedRate / grpcRate, 2),
            $"{F(typedBest.LowestCpuPerWork * 1e6, 1)} / {F(rawBest.LowestCpuPerWork * 1e6, 1)} / {F(grpcBest.LowestCpuPerWork * 1e6, 1)}",
            string.Join(", ", targets.Select(static t => t.Label)),
            targets.Length > 1 ? string.Join("; ", targets.Zip(verdicts, static (t, v) => $"{t.Ratio}: {v}")) : string.Join("", verdicts));
    }

    /// <summary>Measures the peers in <see cref="QuickSettings.Sets"/> sets (<see cref="PairedSets"/>).</summary>
    private static Task<SetResults> PairedAsync(QuickSettings settings, int outstanding, params IEchoPeer[] peers) =>
        PairedSets.RunAsync(settings.Sets, warmUpSet: true, Array.ConvertAll(peers, peer => (Func<Task<Sample>>)(() => Measure.CallsAsync(peer, outstanding, settings))));

    private static async Task AllocationRowsAsync(MarkdownTable table, QuickSettings settings)
    {
        (double Process, double Side) typedClient, typedServer, rawClient, rawServer;
        using (var peer = new TypedClientRawServer(ThroughputSize))
        {
            typedClient = await Measure.BytesPerCallAsync(peer, () => peer.Server.ThreadAllocatedBytes, settings.AllocationCalls).ConfigureAwait(false);
        }

        using (var peer = RawClientTypedServer.Create(ThroughputSize))
        {
            typedServer = await Measure.BytesPerCallAsync(peer, () => peer.ThreadAllocatedBytes, settings.AllocationCalls).ConfigureAwait(false);
        }

        using (var peer = RawDealerClient.WithRawServer(ThroughputSize))
        {
            var server = (RawRouterEcho)peer.Server!;
            rawClient = await Measure.BytesPerCallAsync(peer, () => server.ThreadAllocatedBytes, settings.AllocationCalls).ConfigureAwait(false);
            rawServer = await Measure.BytesPerCallAsync(peer, () => peer.ThreadAllocatedBytes, settings.AllocationCalls).ConfigureAwait(false);
        }

        table.Add("client", $"{F(typedClient.Side, 0)} B", $"{F(rawClient.Side, 0)} B", $"{F(typedClient.Side - rawClient.Side, 0)} B", $"{F(typedClient.Process, 0)} B", "≤ 1024 B beyond raw");
        table.Add("server", $"{F(typedServer.Side, 0)} B", $"{F(rawServer.Side, 0)} B", $"{F(typedServer.Side - rawServer.Side, 0)} B", $"{F(typedServer.Process, 0)} B", "≤ 1024 B beyond raw");
    }

    private static void GeneratorRows(MarkdownTable table, QuickSettings settings)
    {
        var workload = new GeneratorWorkload(settings.GeneratorContracts);
        var full = Measure.Run(workload.RunFull);
        var incremental = Measure.Run(workload.RunIncremental);
        table.Add($"full ({full.Result} files)", $"{F(full.Time.TotalMilliseconds, 1)} ms", $"{F(full.Bytes / 1048576.0, 1)} MB", "");
        table.Add("incremental (unrelated edit)", $"{F(incremental.Time.TotalMilliseconds, 1)} ms", $"{F(incremental.Bytes / 1048576.0, 2)} MB", incremental.Result ? "yes" : "NO");
    }

    private static string Size(int bytes) => bytes >= 1024 ? $"{bytes / 1024} KB" : $"{bytes} B";

    private static string F(double value, int decimals) => value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
