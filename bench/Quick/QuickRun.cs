using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using ZeroContracts.Bench.GeneratorLoad;
using ZeroContracts.Bench.Peers;

namespace ZeroContracts.Bench.Quick;

/// <summary>
/// <c>--quick</c>: every scenario of docs/performance.md timed with a Stopwatch, the typed stubs and their
/// baselines measured alternately in this one process on loopback tcp, printed as Markdown tables with ratios.
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
        var rpc = new MarkdownTable("scenario", "typed", "raw NetMQ", "typed/raw", "gRPC unary", "typed/gRPC", "CPU µs/call typed / raw / gRPC", "target");
        foreach (var size in LatencySizes) await LatencyRowAsync(rpc, size, settings).ConfigureAwait(false);
        await HandoffRowAsync(rpc, settings).ConfigureAwait(false);
        foreach (var outstanding in OutstandingCalls) await ThroughputRowAsync(rpc, outstanding, settings).ConfigureAwait(false);
        output.WriteLine("Round trips on loopback tcp (latency: µs per call, one at a time; throughput: calls/s, 64 B payload).");
        output.WriteLine("Raw NetMQ is REQ/REP for latency rows and a pipelined DEALER/ROUTER for throughput rows. Each figure is the");
        output.WriteLine($"best of {settings.Rounds} alternating rounds; CPU is the whole process's (client and server) processor time per call, lowest of the rounds.");
        output.WriteLine();
        rpc.Write(output);
        output.WriteLine();

        // Each is a handler or continuation run on a socket thread that kept it away past a tick (SocketThread.RunDeferred).
        output.WriteLine($"Stand-ins that took over a socket during these rows: {Transport.AwayWatch.StandIns}; spells of user code handed to the thread pool for running slow on a socket thread: {Transport.AwayWatch.SlowSpells}.");
        await output.FlushAsync().ConfigureAwait(false);
    }

    private static async Task StreamTableAsync(TextWriter output, QuickSettings settings)
    {
        var streams = new MarkdownTable("scenario", "typed", "raw NetMQ", "typed/raw", "typed MB/s", "raw MB/s", "delivered typed / raw", "target");
        foreach (var size in new[] { 64, 1024 })
        {
            using var typed = await TypedPubSub.StartAsync(size).ConfigureAwait(false);
            using var raw = await RawPubSub.StartAsync(size).ConfigureAwait(false);
            using var inline = await TypedPubSub.StartAsync(size, inline: true).ConfigureAwait(false);
            await StreamRowAsync(streams, $"PUB/SUB {Size(size)}", size, settings, typed, raw, inline, size == 64 ? "typed/raw ≥ 0.7" : "").ConfigureAwait(false);
        }

        foreach (var pullers in new[] { 1, 3 })
        {
            using var typed = await TypedPipeline.StartAsync(ThroughputSize, pullers).ConfigureAwait(false);
            using var raw = await RawPipeline.StartAsync(ThroughputSize, pullers).ConfigureAwait(false);
            using var inline = await TypedPipeline.StartAsync(ThroughputSize, pullers, inline: true).ConfigureAwait(false);
            await StreamRowAsync(streams, $"PUSH/PULL 64 B, {pullers} puller{(pullers > 1 ? "s" : "")}", ThroughputSize, settings, typed, raw, inline, "").ConfigureAwait(false);
        }

        output.WriteLine($"One-way messages/s on loopback tcp: {settings.StreamMessages:N0} messages sent as fast as the sender takes them, counted at the");
        output.WriteLine("receivers, timed from the first send to the last arrival (PUB drops at its high-water mark and the typed publisher");
        output.WriteLine($"at PublisherOptions.MaxQueuedMessages, so 'delivered' is the share that arrived); best of {settings.Rounds} alternating rounds.");
        output.WriteLine();
        streams.Write(output);
        await output.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Two rows: the typed peer and the one with inline handlers (<paramref name="inline"/>), each next to raw.</summary>
    private static async Task StreamRowAsync(MarkdownTable table, string scenario, int size, QuickSettings settings, IStreamPeer typed, IStreamPeer raw, IStreamPeer inline, string target)
    {
        var idle = TimeSpan.FromMilliseconds(300);
        var peers = new[] { typed, raw, inline };
        var rate = new double[peers.Length];
        var delivered = new double[peers.Length];
        foreach (var peer in peers) await peer.RunAsync(Math.Min(settings.StreamMessages, 1000), idle).ConfigureAwait(false);
        for (var round = 0; round < settings.Rounds; round++)
        {
            for (var i = 0; i < peers.Length; i++)
            {
                var (arrived, elapsed) = await peers[i].RunAsync(settings.StreamMessages, idle).ConfigureAwait(false);
                await Task.Yield();
                var perSecond = arrived / Math.Max(elapsed.TotalSeconds, 1e-6);
                if (perSecond > rate[i])
                {
                    rate[i] = perSecond;
                    delivered[i] = arrived / (double)settings.StreamMessages;
                }
            }
        }

        StreamRow(table, scenario, size, rate, delivered, 0, target);
        StreamRow(table, $"{scenario}, {InlineLabel}", size, rate, delivered, 2, "");
    }

    private static void StreamRow(MarkdownTable table, string scenario, int size, double[] rate, double[] delivered, int typed, string target) =>
        table.Add(
            scenario,
            $"{F(rate[typed], 0)}/s",
            $"{F(rate[1], 0)}/s",
            $"{F(rate[typed] / rate[1], 2)}",
            F(rate[typed] * size / 1048576, 1),
            F(rate[1] * size / 1048576, 1),
            $"{delivered[typed]:P0} / {delivered[1]:P0}",
            target);

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
        var (rate, cpu) = await BestAsync(settings, 1, typed, raw, inline).ConfigureAwait(false);
        double typedUs = 1e6 / rate[0], rawUs = 1e6 / rate[1], inlineUs = 1e6 / rate[2];
        table.Add($"REQ/REP latency {Size(size)}", $"{F(typedUs, 1)} µs", $"{F(rawUs, 1)} µs", $"{F(typedUs / rawUs, 2)}×", "", "", $"{F(cpu[0], 1)} / {F(cpu[1], 1)} / -", "typed/raw ≤ 1.25×");
        table.Add($"REQ/REP latency {Size(size)}, {InlineLabel}", $"{F(inlineUs, 1)} µs", $"{F(rawUs, 1)} µs", $"{F(inlineUs / rawUs, 2)}×", "", "", $"{F(cpu[2], 1)} / {F(cpu[1], 1)} / -", "");
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
        var (rate, cpu) = await BestAsync(settings, 1, handoff).ConfigureAwait(false);
        table.Add("handoff pool → poller → pool, no socket", $"{F(1e6 / rate[0], 1)} µs", "", "", "", "", $"{F(cpu[0], 1)} / - / -", "(a thread switch each way)");
    }

    private static async Task ThroughputRowAsync(MarkdownTable table, int outstanding, QuickSettings settings)
    {
        using var typed = new TypedEcho(ThroughputSize);
        using var raw = RawDealerClient.WithRawServer(ThroughputSize);
        using var grpc = await GrpcEcho.StartAsync(ThroughputSize).ConfigureAwait(false);
        using var inline = new TypedEcho(ThroughputSize, inline: true);
        var (best, cpu) = await BestAsync(settings, outstanding, typed, raw, grpc, inline).ConfigureAwait(false);
        var target = outstanding == 64 ? "typed/raw ≥ 0.5, typed/gRPC ≥ 5" : "";
        ThroughputRow(table, $"RPC throughput, {outstanding} outstanding", best, cpu, 0, target);
        ThroughputRow(table, $"RPC throughput, {outstanding} outstanding, {InlineLabel}", best, cpu, 3, "");
    }

    /// <summary>A throughput row for the typed peer at <paramref name="typed"/>, next to raw (1) and gRPC (2).</summary>
    private static void ThroughputRow(MarkdownTable table, string scenario, double[] best, double[] cpu, int typed, string target) =>
        table.Add(
            scenario,
            $"{F(best[typed], 0)}/s",
            $"{F(best[1], 0)}/s",
            $"{F(best[typed] / best[1], 2)}",
            $"{F(best[2], 0)}/s",
            $"{F(best[typed] / best[2], 2)}",
            $"{F(cpu[typed], 1)} / {F(cpu[1], 1)} / {F(cpu[2], 1)}",
            target);

    /// <summary>
    /// Measures the peers in turn, <see cref="QuickSettings.Rounds"/> times, and keeps each one's best rate and the
    /// lowest CPU time per call.
    /// </summary>
    private static async Task<(double[] Rate, double[] Cpu)> BestAsync(QuickSettings settings, int outstanding, params IEchoPeer[] peers)
    {
        var rate = new double[peers.Length];
        var cpu = new double[peers.Length];
        Array.Fill(cpu, double.MaxValue);
        for (var round = 0; round < settings.Rounds; round++)
        {
            for (var i = 0; i < peers.Length; i++)
            {
                var (callsPerSecond, cpuMicroseconds) = await Measure.CallsPerSecondAsync(peers[i], outstanding, settings).ConfigureAwait(false);

                // Back to the thread pool: otherwise the code after a typed peer's round goes on on the thread that
                // resumed its last caller (the typed client's socket thread, by default) and measures the next peer there.
                await Task.Yield();
                rate[i] = Math.Max(rate[i], callsPerSecond);
                cpu[i] = Math.Min(cpu[i], cpuMicroseconds);
            }
        }

        return (rate, cpu);
    }

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
