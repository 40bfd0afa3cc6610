using System;
using System.Diagnostics;
using System.Threading.Tasks;
using ZeroContracts.Bench.Contracts;

namespace ZeroContracts.Bench.Peers;

/// <summary>Sending a burst of one-way messages and waiting for them to arrive.</summary>
internal static class StreamWaits
{
    /// <summary>
    /// Calls <paramref name="send"/> <paramref name="messages"/> times, then waits until all have arrived at
    /// <paramref name="counter"/> or arrivals stop for <paramref name="idle"/>. The time is taken from the first send to
    /// the last arrival, so the idle wait that detects the end of a lossy run is not counted.
    /// </summary>
    public static async Task<StreamResult> RunAsync(Counter counter, int messages, Action send, TimeSpan idle)
    {
        var start = counter.Count;
        var arrived = counter.Expect(messages);
        var began = Stopwatch.GetTimestamp();
        for (var i = 0; i < messages; i++) send();

        var last = counter.Count;
        while (!arrived.IsCompleted)
        {
            await Task.WhenAny(arrived, Task.Delay(idle)).ConfigureAwait(false);
            var now = counter.Count;
            if (now == last) break;
            last = now;
        }

        var count = counter.Count - start;
        var end = count > 0 ? counter.LastArrival : Stopwatch.GetTimestamp();
        return new StreamResult(count, Stopwatch.GetElapsedTime(began, Math.Max(end, began)));
    }
}

/// <summary>What a burst of one-way messages did.</summary>
/// <param name="Arrived">How many messages arrived.</param>
/// <param name="Elapsed">From the first send to the last arrival.</param>
public readonly record struct StreamResult(long Arrived, TimeSpan Elapsed);
