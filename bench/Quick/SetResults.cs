using System;
using System.Linq;

namespace ZeroContracts.Bench.Quick;

/// <summary>
/// What each peer of a row measured in each set (<see cref="PairedSets"/>), read two ways: ratios taken within each
/// set, and each peer's best of a few rounds (the estimator the quick table used alone before).
/// </summary>
internal sealed class SetResults
{
    private readonly Sample[,] _samples;

    public SetResults(int peers, int sets) => _samples = new Sample[peers, sets];

    public int Sets => _samples.GetLength(1);

    public Sample this[int peer, int set]
    {
        get => _samples[peer, set];
        set => _samples[peer, set] = value;
    }

    /// <summary>
    /// The ratio of <paramref name="peer"/> to <paramref name="baseline"/> in each set, summarized: per call time
    /// (<paramref name="ofTime"/>, latency rows) or rate (throughput rows).
    /// </summary>
    public Spread Paired(int peer, int baseline, bool ofTime) =>
        Spread.Of(Enumerable.Range(0, Sets).Select(s => ofTime
            ? _samples[baseline, s].Rate / _samples[peer, s].Rate
            : _samples[peer, s].Rate / _samples[baseline, s].Rate));

    /// <summary>
    /// The sets cut into <paramref name="rounds"/> runs of consecutive sets; a peer's round adds up its measurements
    /// in one run. The best is the fastest round; each peer's best is chosen on its own, so two peers' best rounds
    /// may come from different minutes of the machine.
    /// </summary>
    public Round Best(int peer, int rounds)
    {
        rounds = Math.Clamp(rounds, 1, Sets);
        Round best = default;
        var lowestCpu = double.MaxValue;
        for (var r = 0; r < rounds; r++)
        {
            int first = r * Sets / rounds, end = (r + 1) * Sets / rounds;
            var total = default(Sample);
            for (var s = first; s < end; s++) total += _samples[peer, s];
            if (total.Rate > best.Total.Rate) best = new Round(total, end - first, 0);
            lowestCpu = Math.Min(lowestCpu, total.CpuSeconds / Math.Max(total.Work, 1));
        }

        return best with { LowestCpuPerWork = lowestCpu };
    }
}
