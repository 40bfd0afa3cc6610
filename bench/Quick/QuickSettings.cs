using System;
using System.Linq;

namespace ZeroContracts.Bench.Quick;

/// <summary>How long the quick mode measures each row.</summary>
/// <param name="Duration">How long each measurement of a round-trip peer runs (after <see cref="WarmUp"/>).</param>
/// <param name="Sets">
/// Sets of a round-trip row: one measurement of each of its peers per set, alternately in one order and the reverse
/// (<see cref="PairedSets"/>); the ratios are taken within each set.
/// </param>
/// <param name="MinBatch">Calls per batch with several outstanding; a batch holds at least four per outstanding call.</param>
/// <param name="AllocationCalls">Calls counted for the allocation rows.</param>
/// <param name="GeneratorContracts">Contracts in the generator project.</param>
public sealed record QuickSettings(TimeSpan Duration, int Sets, int MinBatch, int AllocationCalls, int GeneratorContracts)
{
    /// <summary>Calls per batch one at a time: the grain of a measurement's time.</summary>
    public int SerialBatch { get; init; } = 25;

    /// <summary>
    /// Untimed calls before each measurement, at least one batch: a peer's time per call falls for a while after another
    /// peer has run. <c>--harness-bias</c> timed typed and raw REQ/REP at 1 KB in 100-call segments after each switch
    /// between them (120 rounds): raw's median went 116.9, 110.4, then 101 to 103 µs from the third segment on (about
    /// 20 ms), typed's about 121, 114, then 113 to 118, so typed/raw went 1.03, 1.04, then 1.10 to 1.14. One batch of 25
    /// calls (3 ms) left most of raw's longer slowdown inside the measurement, in typed's favour.
    /// </summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// Rounds the sets are cut into for the absolute figures and the best/best ratios: each peer's best round
    /// (the estimator the quick table used alone before, then with rounds of 250 ms).
    /// </summary>
    public int Rounds { get; init; } = 5;

    /// <summary>Messages per measurement of the PUB/SUB and PUSH/PULL rows.</summary>
    public int StreamMessages { get; init; } = 50_000;

    /// <summary>Sets of a PUB/SUB or PUSH/PULL row (one burst of <see cref="StreamMessages"/> per peer per set).</summary>
    public int StreamSets { get; init; } = 10;

    /// <summary>Which tables to run: <c>rpc</c>, <c>streams</c>, <c>alloc</c>, <c>generator</c>; <see langword="null"/> for all.</summary>
    public string? Only { get; init; }

    /// <summary>Whether the table <paramref name="name"/> runs.</summary>
    public bool Runs(string name) => Only is null || Only.Split(',').Contains(name);

    /// <summary>The tables of docs/performance.md: about a minute and a half.</summary>
    public static QuickSettings Default { get; } = new(TimeSpan.FromMilliseconds(50), 24, 200, 20_000, 200) { StreamMessages = 30_000, StreamSets = 8 };

    /// <summary>Tiny counts, for the smoke test: every row printed, nothing measured seriously (two sets, so both orders run).</summary>
    public static QuickSettings Tiny { get; } = new(TimeSpan.Zero, 2, 8, 20, 5) { SerialBatch = 8, WarmUp = TimeSpan.Zero, StreamMessages = 20, StreamSets = 2 };
}
