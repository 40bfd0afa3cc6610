using System;
using System.Threading;

namespace ZeroContracts.Transport;

/// <summary>
/// The thread-pool work items a socket thread releases together (the callers resumed by one reply batch, the handlers
/// started by one request batch) and what they hand back to it: items handed back from inside a member (the next calls,
/// the replies) are queued without a wake-up, and the last member to finish wakes the socket thread once for all of
/// them. Without this the first one handed back wakes the socket thread at once, which then finds only that one and
/// sends it alone, and the calls behind it lose the batch (docs/performance.md).
/// </summary>
/// <remarks>
/// A member that runs long or blocks holds back what the others handed back. The socket thread bounds that: while
/// members are pending it waits at most <see cref="NextHold"/> and then takes whatever is queued.
/// </remarks>
internal sealed class ResumeWave
{
    /// <summary>The shortest a socket thread waits for pending members before it takes what they have handed back.</summary>
    public const int MinHoldMilliseconds = 1;

    /// <summary>The longest, reached when members keep running and hand nothing back.</summary>
    public const int MaxHoldMilliseconds = 32;

    private int _hold = MinHoldMilliseconds;

    [ThreadStatic]
    private static ResumeWave? t_running;

    private int _pending;

    /// <summary>Counts one more member before it is queued; socket thread.</summary>
    public void Add() => Interlocked.Increment(ref _pending);

    /// <summary>Whether members released but not yet finished exist; socket thread, to bound its wait.</summary>
    public bool HasPending => Volatile.Read(ref _pending) > 0;

    /// <summary>
    /// How long the socket thread may wait while members are pending; socket thread. <see cref="MinHoldMilliseconds"/>
    /// after a wait in which it found work, twice the last hold after one in which it found none (up to
    /// <see cref="MaxHoldMilliseconds"/>), so that members which run long or block wake it rarely, while what a quick
    /// member hands back behind a slow one waits about a millisecond.
    /// </summary>
    public int NextHold(bool foundWork) => _hold = foundWork ? MinHoldMilliseconds : Math.Min(_hold * 2, MaxHoldMilliseconds);

    /// <summary>Whether the current thread is running a member of this wave right now: hand back quietly.</summary>
    public bool IsRunningHere => t_running == this;

    /// <summary>Marks the current thread as running a member; returns what to pass to <see cref="Exit"/>.</summary>
    public ResumeWave? Enter()
    {
        var outer = t_running;
        t_running = this;
        return outer;
    }

    /// <summary>Ends a member begun with <see cref="Enter"/>; true when it was the last pending one, which must wake the socket thread.</summary>
    public bool Exit(ResumeWave? outer)
    {
        t_running = outer;
        return Interlocked.Decrement(ref _pending) == 0;
    }
}
