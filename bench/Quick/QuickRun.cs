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

        var rpc = new MarkdownTable("scenario", "typed", "raw NetMQ", "typed/raw", "gRPC unary", "typed/gRPC", "target");
        foreach (var size in LatencySizes) await LatencyRowAsync(rpc, size, settings).ConfigureAwait(false);
        foreach (var outstanding in OutstandingCalls) await ThroughputRowAsync(rpc, outstanding, settings).ConfigureAwait(false);
        output.WriteLine("Round trips on loopback tcp (latency: µs per call, one at a time; throughput: calls/s, 64 B payload).");
        output.WriteLine("Raw NetMQ is REQ/REP for latency rows and a pipelined DEALER/ROUTER for throughput rows.");
        output.WriteLine();
        rpc.Write(output);
        await output.FlushAsync().ConfigureAwait(false);

        var allocations = new MarkdownTable("side (64 B payload)", "typed", "raw NetMQ", "typed − raw", "whole process (typed side + raw peer)", "target");
        await AllocationRowsAsync(allocations, settings).ConfigureAwait(false);
        output.WriteLine("Bytes allocated per call, one call at a time: GC.GetTotalAllocatedBytes less the raw peer's own thread, so");
        output.WriteLine("each side's figure includes NetMQ's I/O thread. The raw NetMQ side is idiomatic byte[] frame code.");
        output.WriteLine();
        allocations.Write(output);
        await output.FlushAsync().ConfigureAwait(false);

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
        var best = await BestAsync(settings, 1, typed, raw).ConfigureAwait(false);
        double typedUs = 1e6 / best[0], rawUs = 1e6 / best[1];
        table.Add($"REQ/REP latency {Size(size)}", $"{F(typedUs, 1)} µs", $"{F(rawUs, 1)} µs", $"{F(typedUs / rawUs, 2)}×", "", "", "typed/raw ≤ 1.25×");
    }

    private static async Task ThroughputRowAsync(MarkdownTable table, int outstanding, QuickSettings settings)
    {
        using var typed = new TypedEcho(ThroughputSize);
        using var raw = RawDealerClient.WithRawServer(ThroughputSize);
        using var grpc = await GrpcEcho.StartAsync(ThroughputSize).ConfigureAwait(false);
        var best = await BestAsync(settings, outstanding, typed, raw, grpc).ConfigureAwait(false);
        var target = outstanding == 64 ? "typed/raw ≥ 0.5, typed/gRPC ≥ 5" : "";
        table.Add(
            $"RPC throughput, {outstanding} outstanding",
            $"{F(best[0], 0)}/s",
            $"{F(best[1], 0)}/s",
            $"{F(best[0] / best[1], 2)}",
            $"{F(best[2], 0)}/s",
            $"{F(best[0] / best[2], 2)}",
            target);
    }

    /// <summary>Measures the peers in turn, <see cref="QuickSettings.Rounds"/> times, and keeps each one's best.</summary>
    private static async Task<double[]> BestAsync(QuickSettings settings, int outstanding, params IEchoPeer[] peers)
    {
        var best = new double[peers.Length];
        for (var round = 0; round < settings.Rounds; round++)
        {
            for (var i = 0; i < peers.Length; i++)
            {
                best[i] = Math.Max(best[i], await Measure.CallsPerSecondAsync(peers[i], outstanding, settings).ConfigureAwait(false));
            }
        }

        return best;
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
