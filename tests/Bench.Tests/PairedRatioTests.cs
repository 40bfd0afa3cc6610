using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Shouldly;
using Xunit;
using ZeroContracts.Bench.Quick;

namespace ZeroContracts.Bench.Tests;

/// <summary>How the quick mode turns its paired measurements into the figures it prints.</summary>
public sealed class PairedRatioTests
{
    [Fact]
    public void Spread_is_the_median_and_the_quartiles_interpolated_between_ranks()
    {
        Quartiles(Spread.Of(new double[] { 5, 1, 4, 2, 3 })).ShouldBe((3, 2, 4));
        Quartiles(Spread.Of(new double[] { 4, 1, 3, 2 })).ShouldBe((2.5, 1.75, 3.25));
        Quartiles(Spread.Of(new double[] { 7 })).ShouldBe((7, 7, 7));
        new Spread(1.123, 1.046, 1.19).Format(2, "×").ShouldBe("1.12× (1.05–1.19)");
    }

    private static (double, double, double) Quartiles(Spread spread) => (spread.Median, spread.Low, spread.High);

    [Fact]
    public void The_interval_of_a_pooled_median_spans_the_ranks_around_the_middle()
    {
        // 100 values 1..100: ranks 50 ± 9.8, so the 41st and the 61st smallest (0-based ranks 40 and 60).
        var values = Enumerable.Range(1, 100).Select(static v => (double)v).Reverse().ToList();
        var spread = Spread.Of(values);
        spread.HasMedianInterval.ShouldBeTrue();
        (spread.MedianLow, spread.MedianHigh).ShouldBe((41, 61));
        var one = Spread.Of(new double[] { 3 });
        (one.MedianLow, one.MedianHigh).ShouldBe((3, 3));
        double.IsNaN(Spread.Of(Array.Empty<double>()).MedianLow).ShouldBeTrue();

        // A spread made from its figures alone, not from values, has no interval (the verdict then reads the quartiles).
        new Spread(1, 1, 1).HasMedianInterval.ShouldBeFalse();
    }

    [Fact]
    public async Task A_measurement_starts_after_untimed_calls_for_the_warm_up_and_counts_only_the_calls_after_it()
    {
        var peer = new CountingPeer();
        var settings = QuickSettings.Tiny with { WarmUp = TimeSpan.FromMilliseconds(30), SerialBatch = 5 };

        var sample = await Measure.CallsAsync(peer, 1, settings).WaitAsync(TimeSpan.FromSeconds(30));

        // Tiny measures one batch: every call before it was untimed, and they went on until the warm-up had passed.
        sample.Work.ShouldBe(5);
        (peer.Batches[^1] - peer.Batches[0]).ShouldBeGreaterThanOrEqualTo(settings.WarmUp);

        // No warm-up time: still one untimed batch first.
        peer.Batches.Clear();
        (await Measure.CallsAsync(peer, 1, QuickSettings.Tiny).WaitAsync(TimeSpan.FromSeconds(30))).Work.ShouldBe(8);
        peer.Batches.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Sets_alternate_the_order_of_the_peers_and_keep_each_sample_in_its_set()
    {
        var order = new List<int>();
        var calls = 0;
        Func<Task<Sample>> Peer(int peer) => () =>
        {
            order.Add(peer);
            return Task.FromResult(new Sample(++calls, 1, 0));
        };

        var results = await PairedSets.RunAsync(3, warmUpSet: true, new[] { Peer(0), Peer(1), Peer(2) }).WaitAsync(TimeSpan.FromSeconds(10));

        // The untimed set, then the sets in one order and the reverse in turn.
        order.ShouldBe(new[] { 2, 1, 0, 0, 1, 2, 2, 1, 0, 0, 1, 2 });
        results.Sets.ShouldBe(3);
        results[0, 0].Work.ShouldBe(4);
        results[2, 1].Work.ShouldBe(7);
        results[0, 1].Work.ShouldBe(9);
        results[2, 2].Work.ShouldBe(12);
    }

    [Fact]
    public void Ratios_are_taken_within_each_set_while_best_rounds_are_chosen_per_peer()
    {
        // Two states of the machine: in the fast one (sets 0 and 1) both peers run twice as fast as in the slow one.
        // Within each set the typed peer takes 1.2× the raw peer's time per call.
        var results = new SetResults(peers: 2, sets: 4);
        double[] rawRates = { 10_000, 10_000, 5_000, 5_000 };
        for (var set = 0; set < 4; set++)
        {
            results[1, set] = new Sample(rawRates[set], 1, 0.5);
            results[0, set] = new Sample(rawRates[set] / 1.2, 1, 0.5);
        }

        var paired = results.Paired(0, 1, ofTime: true);
        paired.Median.ShouldBe(1.2, 1e-9);
        paired.Low.ShouldBe(1.2, 1e-9);
        paired.High.ShouldBe(1.2, 1e-9);
        results.Paired(0, 1, ofTime: false).Median.ShouldBe(1 / 1.2, 1e-9);

        // Two rounds of two sets each: each peer's best is its fast round; its CPU per call is the lowest of its rounds.
        var best = results.Best(1, rounds: 2);
        best.Measurements.ShouldBe(2);
        best.Total.Rate.ShouldBe(10_000, 1e-6);
        best.LowestCpuPerWork.ShouldBe(1.0 / 20_000, 1e-12);
        results.Best(1, rounds: 10).Measurements.ShouldBe(1);
    }

    [Fact]
    public void A_verdict_reads_the_median_and_says_when_it_is_close_or_the_old_ratio_disagrees()
    {
        var latency = new Target("typed/raw", 1.25, AtMost: true, "×");
        latency.Label.ShouldBe("typed/raw ≤ 1.25×");
        latency.Verdict(new Spread(1.12, 1.05, 1.19), bestOverBest: 1.10).ShouldBe("yes");
        latency.Verdict(new Spread(1.12, 1.05, 1.19), bestOverBest: 1.45).ShouldBe("yes (best/best: no)");
        latency.Verdict(new Spread(1.30, 1.20, 1.40), bestOverBest: 1.30).ShouldBe("NO, within p25–p75");

        var throughput = new Target("typed/gRPC", 5, AtMost: false);
        throughput.Verdict(new Spread(4.5, 4.2, 4.8), bestOverBest: 5.1).ShouldBe("NO (best/best: yes)");
        throughput.Verdict(new Spread(6, 5.5, 7), bestOverBest: 6).ShouldBe("yes");
    }

    [Fact]
    public void With_the_medians_interval_a_verdict_says_whether_one_run_shows_it()
    {
        var latency = new Target("typed/raw", 1.25, AtMost: true, "×");
        latency.Verdict(new Spread(1.12, 1.05, 1.30) { MedianLow = 1.08, MedianHigh = 1.20 }, bestOverBest: 1.10)
            .ShouldBe("yes, shown (95% of median 1.08–1.20)");
        latency.Verdict(new Spread(1.20, 1.05, 1.35) { MedianLow = 1.12, MedianHigh = 1.28 }, bestOverBest: 1.10)
            .ShouldBe("yes, not shown (95% of median 1.12–1.28)");
        latency.Verdict(new Spread(1.40, 1.30, 1.50) { MedianLow = 1.32, MedianHigh = 1.45 }, bestOverBest: 1.10)
            .ShouldBe("NO, shown (95% of median 1.32–1.45) (best/best: yes)");

        var throughput = new Target("typed/gRPC", 5, AtMost: false);
        throughput.Verdict(new Spread(5.2, 4.5, 5.9) { MedianLow = 4.8, MedianHigh = 5.6 }, bestOverBest: 5.1)
            .ShouldBe("yes, not shown (95% of median 4.80–5.60)");
    }

    /// <summary>Records when each batch starts (on a clock) and takes a few milliseconds over it.</summary>
    private sealed class CountingPeer : Peers.IEchoPeer
    {
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

        public List<TimeSpan> Batches { get; } = new();

        public async Task RunAsync(int calls, int outstanding)
        {
            Batches.Add(_clock.Elapsed);
            await Task.Delay(2).ConfigureAwait(false);
        }

        public void Dispose()
        {
        }
    }
}
