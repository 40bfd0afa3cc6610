using System;
using System.Linq;

namespace ZeroContracts.Bench.Quick;

/// <summary>How long the quick mode measures each row.</summary>
/// <param name="Duration">How long each measurement runs (after a warm-up batch).</param>
/// <param name="Rounds">Measurements of each peer, alternated with the others; the best is kept.</param>
/// <param name="MinBatch">Calls per batch at one outstanding call; a batch holds at least four per outstanding call.</param>
/// <param name="AllocationCalls">Calls counted for the allocation rows.</param>
/// <param name="GeneratorContracts">Contracts in the generator project.</param>
public sealed record QuickSettings(TimeSpan Duration, int Rounds, int MinBatch, int AllocationCalls, int GeneratorContracts)
{
    /// <summary>Messages per measurement of the PUB/SUB and PUSH/PULL rows.</summary>
    public int StreamMessages { get; init; } = 50_000;

    /// <summary>Which tables to run: <c>rpc</c>, <c>streams</c>, <c>alloc</c>, <c>generator</c>; <see langword="null"/> for all.</summary>
    public string? Only { get; init; }

    /// <summary>Whether the table <paramref name="name"/> runs.</summary>
    public bool Runs(string name) => Only is null || Only.Split(',').Contains(name);

    /// <summary>The table of docs/performance.md: about a minute.</summary>
    public static QuickSettings Default { get; } = new(TimeSpan.FromMilliseconds(250), 5, 200, 20_000, 200) { StreamMessages = 30_000 };

    /// <summary>Tiny counts, for the smoke test: every row printed, nothing measured seriously.</summary>
    public static QuickSettings Tiny { get; } = new(TimeSpan.Zero, 1, 8, 20, 5) { StreamMessages = 20 };
}
