using System;
using System.Diagnostics;
using System.Threading.Tasks;
using ZeroContracts.Bench.Peers;

namespace ZeroContracts.Bench.Quick;

/// <summary>Plain Stopwatch and GC counter measurements.</summary>
internal static class Measure
{
    /// <summary>
    /// Round trips with <paramref name="outstanding"/> calls in flight for <see cref="QuickSettings.Duration"/>, after
    /// untimed batches for <see cref="QuickSettings.WarmUp"/> (at least one: they take up where another peer's measurement
    /// left the machine), and the process's CPU time over them (both sides), which other load on the machine disturbs far
    /// less than wall time.
    /// </summary>
    public static async Task<Sample> CallsAsync(IEchoPeer peer, int outstanding, QuickSettings settings)
    {
        // One call at a time has no tail of calls to drain at the end of a batch: its batch sets the timing's grain only.
        var batch = outstanding <= 1 ? settings.SerialBatch : Math.Max(settings.MinBatch, outstanding * 4);
        var warmUp = Stopwatch.StartNew();
        do await peer.RunAsync(batch, outstanding).ConfigureAwait(false);
        while (warmUp.Elapsed < settings.WarmUp);

        long calls = 0;
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        do
        {
            await peer.RunAsync(batch, outstanding).ConfigureAwait(false);
            calls += batch;
        }
        while (clock.Elapsed < settings.Duration);

        var elapsed = clock.Elapsed;
        process.Refresh();
        return new Sample(calls, elapsed.TotalSeconds, (process.TotalProcessorTime - cpu).TotalSeconds);
    }

    /// <summary>One timed batch of <paramref name="calls"/> calls one at a time, no warm-up, with the process's CPU time over it.</summary>
    public static async Task<Sample> BatchAsync(IEchoPeer peer, int calls)
    {
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await peer.RunAsync(calls, 1).ConfigureAwait(false);
        var elapsed = clock.Elapsed;
        process.Refresh();
        return new Sample(calls, elapsed.TotalSeconds, (process.TotalProcessorTime - cpu).TotalSeconds);
    }

    /// <summary>
    /// Bytes allocated per call, one call at a time, after a warm-up: by the whole process, and by the process less
    /// the raw peer's own thread (<paramref name="peerThreadBytes"/>), which is what the side under test costs.
    /// </summary>
    public static async Task<(double Process, double Side)> BytesPerCallAsync(IEchoPeer peer, Func<long> peerThreadBytes, int calls)
    {
        await peer.RunAsync(Math.Max(calls / 4, 10), 1).ConfigureAwait(false);
        var peerBefore = peerThreadBytes();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        await peer.RunAsync(calls, 1).ConfigureAwait(false);
        var process = GC.GetTotalAllocatedBytes(precise: true) - before;
        var peerBytes = peerThreadBytes() - peerBefore;
        return (process / (double)calls, (process - peerBytes) / (double)calls);
    }

    /// <summary>Wall time and bytes allocated on this thread by <paramref name="action"/>.</summary>
    public static (TimeSpan Time, long Bytes, T Result) Run<T>(Func<T> action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var result = action();
        clock.Stop();
        return (clock.Elapsed, GC.GetAllocatedBytesForCurrentThread() - before, result);
    }
}
