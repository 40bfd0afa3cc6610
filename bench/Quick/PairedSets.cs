using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace ZeroContracts.Bench.Quick;

/// <summary>
/// Measures a row's peers in many short sets, one measurement of each peer per set: one set in the listed order,
/// the next in the reverse order, so that within any two peers' pairs each goes first half the time and an effect of
/// going first or second cancels out in their ratios. The sets run back to back, so a set's measurements share the
/// machine's state (this machine switches between a fast and a slow state every few minutes).
/// </summary>
internal static class PairedSets
{
    /// <summary>
    /// Runs <paramref name="sets"/> measured sets, after an untimed one if <paramref name="warmUpSet"/> (JIT tiers,
    /// connections, buffers; for peers that have no warm-up of their own).
    /// </summary>
    /// <param name="sets">Measured sets.</param>
    /// <param name="warmUpSet">Whether an untimed set comes first.</param>
    /// <param name="measurements">One measurement per peer, in the listed order.</param>
    /// <param name="reverse">False keeps the listed order in every set (<c>--harness-bias</c> compares harnesses that do).</param>
    /// <param name="yield">False goes on measuring on whatever thread the last measurement resumed on (likewise).</param>
    public static async Task<SetResults> RunAsync(int sets, bool warmUpSet, IReadOnlyList<Func<Task<Sample>>> measurements, bool reverse = true, bool yield = true)
    {
        var count = measurements.Count;
        var results = new SetResults(count, sets);
        for (var set = warmUpSet ? -1 : 0; set < sets; set++)
        {
            for (var k = 0; k < count; k++)
            {
                var peer = !reverse || set % 2 == 0 ? k : count - 1 - k;
                var sample = await measurements[peer]().ConfigureAwait(false);

                // Back to the thread pool: otherwise the code after a typed peer's measurement goes on on the thread that
                // resumed its last caller (the typed client's socket thread, by default) and measures the next peer there.
                if (yield) await Task.Yield();
                if (set >= 0) results[peer, set] = sample;
            }
        }

        return results;
    }
}
