using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ZeroContracts.Bench.Peers;
using ZeroContracts.Bench.Quick;

namespace ZeroContracts.Bench.Diag;

/// <summary>
/// <c>--harness-bias [bytes] [--cycles n]</c>: checks the two one-call-at-a-time harnesses for a bias against one peer
/// (1 KB unless given). It runs the quick table's latency row (<see cref="PairedSets"/>: reversing sets, 50 ms
/// measurements after a warm-up batch, back to the thread pool after each) and variants of it, the variants in turn,
/// <c>cycles</c> times, so every variant sees the same minutes of the machine, and pools each ratio's per-set values
/// over the cycles.
/// <list type="bullet">
/// <item>A/A: a second instance of a peer takes another's place in the set; a fair harness gives their ratio 1.</item>
/// <item>Carry-over: two raw peers in a row after typed; raw/raw2 says whether raw pays for running right after typed.</item>
/// <item>No yield: the next peer runs on the thread that resumed the last typed caller, the typed client's socket thread.</item>
/// <item>Breakdown: <see cref="LatencyBreakdown"/>'s way, one 300-call batch per pair in a fixed order, with and without the yield, and after untimed calls.</item>
/// <item>Segments: typed/raw in each 100 calls after a switch between the two, to see whether it grows with the time since.</item>
/// </list>
/// </summary>
public static class HarnessBias
{
    /// <summary>Runs every variant <paramref name="cycles"/> times, in turn, printing each run's paired medians, then the pooled ones.</summary>
    public static async Task RunAsync(TextWriter output, int payloadBytes, int cycles)
    {
        using var typed = new TypedEcho(payloadBytes);
        using var typed2 = new TypedEcho(payloadBytes);
        using var raw = new RawReqRep(payloadBytes);
        using var raw2 = new RawReqRep(payloadBytes);
        using var inline = new TypedEcho(payloadBytes, inline: true);
        var settings = QuickSettings.Default;
        Func<IEchoPeer, Task<Sample>> window = p => Measure.CallsAsync(p, 1, settings);
        Func<IEchoPeer, Task<Sample>> batch = p => Measure.BatchAsync(p, 300);
        Func<IEchoPeer, Task<Sample>> warmedBatch = async p =>
        {
            await p.RunAsync(settings.SerialBatch, 1).ConfigureAwait(false);
            return await Measure.BatchAsync(p, 300).ConfigureAwait(false);
        };
        (string, IEchoPeer)[] quickPeers = { ("typed", typed), ("raw", raw), ("inline", inline) };
        (string, IEchoPeer)[] breakdownPeers = { ("raw", raw), ("inline", inline), ("typed", typed) };
        var variants = new Variant[]
        {
            new("quick: typed, raw, inline", quickPeers, Reverse: true, Yield: true, window, (0, 1), (2, 1)),
            new("A/A typed: typed, typed2, inline", new (string, IEchoPeer)[] { ("typed", typed), ("typed2", typed2), ("inline", inline) }, Reverse: true, Yield: true, window, (0, 1)),
            new("A/A raw: raw2, raw, inline", new (string, IEchoPeer)[] { ("raw2", raw2), ("raw", raw), ("inline", inline) }, Reverse: true, Yield: true, window, (0, 1)),
            new("carry-over: typed, raw, raw2, inline", new (string, IEchoPeer)[] { ("typed", typed), ("raw", raw), ("raw2", raw2), ("inline", inline) }, Reverse: true, Yield: true, window, (1, 2), (0, 2)),
            new("quick, no yield", quickPeers, Reverse: true, Yield: false, window, (0, 1), (2, 1)),
            new("breakdown, no yield (before)", breakdownPeers, Reverse: false, Yield: false, batch, (2, 0), (1, 0)),
            new("breakdown, yield (now)", breakdownPeers, Reverse: false, Yield: true, batch, (2, 0), (1, 0)),
            new("breakdown, yield, 25 untimed calls before each batch", breakdownPeers, Reverse: false, Yield: true, warmedBatch, (2, 0), (1, 0)),
        };

        var pooled = variants.Select(static v => v.Ratios.Select(static _ => new List<double>()).ToArray()).ToArray();
        foreach (var peer in new IEchoPeer[] { typed, typed2, raw, raw2, inline }) await peer.RunAsync(300, 1).ConfigureAwait(false);
        output.WriteLine($"{payloadBytes} B, {settings.Sets} sets per variant and cycle after an untimed one, variants in turn, {cycles} cycles.");
        for (var cycle = 0; cycle < cycles; cycle++)
        {
            for (var v = 0; v < variants.Length; v++)
            {
                var variant = variants[v];
                var standIns = Transport.AwayWatch.StandIns;
                var results = await PairedSets.RunAsync(settings.Sets, warmUpSet: true, Array.ConvertAll(variant.Peers, p => (Func<Task<Sample>>)(() => variant.Measure(p.Peer))), variant.Reverse, variant.Yield).ConfigureAwait(false);
                standIns = Transport.AwayWatch.StandIns - standIns;
                for (var r = 0; r < variant.Ratios.Length; r++)
                {
                    var (peer, baseline) = variant.Ratios[r];
                    for (var s = 0; s < results.Sets; s++) pooled[v][r].Add(results[baseline, s].Rate / results[peer, s].Rate);
                }

                string PerPeer(Func<Sample, double> value) => string.Join(" / ", Enumerable.Range(0, variant.Peers.Length)
                    .Select(p => Spread.Of(Enumerable.Range(0, results.Sets).Select(s => value(results[p, s]))).Median.ToString("F1", CultureInfo.InvariantCulture)));
                var ratios = string.Join("; ", variant.Ratios.Select(r => $"{variant.Name(r.Peer)}/{variant.Name(r.Baseline)} {results.Paired(r.Peer, r.Baseline, ofTime: true).Format(2, "×")}"));
                output.WriteLine(
                    $"cycle {cycle} | {variant.Title} | {ratios} | median µs {PerPeer(static s => 1e6 / s.Rate)} | CPU µs/call {PerPeer(static s => 1e6 * s.CpuSeconds / s.Work)}" +
                    $" | stand-ins {standIns} | load {File.ReadAllText("/proc/loadavg").Trim()}");
                await output.FlushAsync().ConfigureAwait(false);
            }
        }

        await SegmentsAsync(output, typed, raw, rounds: 40 * cycles, segments: 8, calls: 100).ConfigureAwait(false);
        output.WriteLine();
        output.WriteLine("Pooled over the cycles: median of every per-set ratio (p25–p75) [95% interval of that median], n.");
        for (var v = 0; v < variants.Length; v++)
        {
            for (var r = 0; r < variants[v].Ratios.Length; r++)
            {
                var values = pooled[v][r];
                var spread = Spread.Of(values);
                var (peer, baseline) = variants[v].Ratios[r];
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{variants[v].Title} | {variants[v].Name(peer)}/{variants[v].Name(baseline)} {spread.Format(3, "×")} [{spread.MedianLow:F3}–{spread.MedianHigh:F3}] n={values.Count}"));
            }
        }
    }

    /// <summary>
    /// Raw and typed in turn (the order reversed every other round), each for <paramref name="segments"/> timed segments
    /// of <paramref name="calls"/> calls straight after the other peer, and the median over the rounds of typed/raw in
    /// each segment: whether the ratio depends on how long a peer has run since the switch.
    /// </summary>
    private static async Task SegmentsAsync(TextWriter output, IEchoPeer typed, IEchoPeer raw, int rounds, int segments, int calls)
    {
        var times = new double[2, rounds, segments];
        var peers = new[] { raw, typed };
        for (var round = -1; round < rounds; round++)
        {
            for (var k = 0; k < 2; k++)
            {
                var peer = round % 2 == 0 ? k : 1 - k;
                await Task.Yield();
                for (var segment = 0; segment < segments; segment++)
                {
                    var clock = Stopwatch.StartNew();
                    await peers[peer].RunAsync(calls, 1).ConfigureAwait(false);
                    if (round >= 0) times[peer, round, segment] = clock.Elapsed.TotalMilliseconds * 1000 / calls;
                }
            }
        }

        output.WriteLine();
        output.WriteLine($"typed/raw by segment of {calls} calls since the switch, median over {rounds} rounds (p25–p75), and raw's median µs:");
        for (var segment = 0; segment < segments; segment++)
        {
            var ratios = Spread.Of(Enumerable.Range(0, rounds).Select(r => times[1, r, segment] / times[0, r, segment]));
            var rawMicroseconds = Spread.Of(Enumerable.Range(0, rounds).Select(r => times[0, r, segment])).Median;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"calls {segment * calls}–{(segment + 1) * calls} | {ratios.Format(3, "×")} | raw {rawMicroseconds:F1} µs"));
        }
    }

    /// <summary>One way of running the row: its peers in set order, how they are taken and measured, and the ratios (peer / baseline) printed.</summary>
    private sealed record Variant(string Title, (string Name, IEchoPeer Peer)[] Peers, bool Reverse, bool Yield, Func<IEchoPeer, Task<Sample>> Measure, params (int Peer, int Baseline)[] Ratios)
    {
        public string Name(int peer) => Peers[peer].Name;
    }
}
