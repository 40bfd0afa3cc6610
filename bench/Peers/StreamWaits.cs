using System;
using System.Threading.Tasks;
using ZeroContracts.Bench.Contracts;

namespace ZeroContracts.Bench.Peers;

/// <summary>Waiting for one-way messages to arrive.</summary>
internal static class StreamWaits
{
    /// <summary>Waits until <paramref name="arrived"/> completes or <paramref name="counter"/> stops moving for <paramref name="idle"/>.</summary>
    public static async Task<long> ArrivalsAsync(Counter counter, Task arrived, long start, TimeSpan idle)
    {
        var last = counter.Count;
        while (!arrived.IsCompleted)
        {
            await Task.WhenAny(arrived, Task.Delay(idle)).ConfigureAwait(false);
            var now = counter.Count;
            if (now == last) break;
            last = now;
        }

        return counter.Count - start;
    }
}
