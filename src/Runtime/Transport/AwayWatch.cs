using System.Collections.Generic;
using System.Threading;

namespace ZeroContracts.Transport;

/// <summary>What <see cref="AwayWatch"/> looks at: a socket thread that may be away running user code.</summary>
internal interface IAwayWatched
{
    /// <summary>
    /// Called once a tick on the watch's thread; appoints a stand-in when the thread has been away since the last tick.
    /// True while there is anything to watch; <paramref name="awayNow"/> says whether the thread is away at this tick.
    /// </summary>
    bool Tick(out bool awayNow);
}

/// <summary>
/// One thread for the process that notices a socket thread kept away by user code (<see cref="SocketThread{T}.RunDeferred"/>)
/// and has a stand-in take over its socket. While socket threads go away it ticks every <see cref="LookTickMilliseconds"/>,
/// and a millisecond after a tick that found one away, to see whether it is still away on the same run: a handler or
/// continuation that blocks holds a socket back for one to five milliseconds. After <see cref="QuietTicksBeforeSleep"/>
/// ticks without any it sleeps until the next, so an idle process does not wake.
/// </summary>
/// <remarks>
/// A timer per away period would cost a timer-queue update each time, and a wake-up of the timer thread whenever that
/// moves its next due time; the socket threads go away once per batch of messages, tens of thousands of times a second.
/// Each tick costs more than its few instructions: on a busy machine its wake-up preempts whatever runs on that core, often
/// a socket thread on the critical path. Ticking every millisecond throughout cost about a tenth of the throughput at
/// 64 outstanding calls (docs/performance.md), hence the slower look with a quick second one.
/// </remarks>
internal static class AwayWatch
{
    /// <summary>Ticks without a socket thread away before the watch sleeps until the next goes away.</summary>
    public const int QuietTicksBeforeSleep = 100;

    /// <summary>The tick while no socket thread was away at the last one.</summary>
    public const int LookTickMilliseconds = 4;

    /// <summary>The tick after one that found a socket thread away: is it still away on the same run?</summary>
    private const int ConfirmTickMilliseconds = 1;

    private static readonly object Gate = new();
    private static readonly ManualResetEventSlim Wake = new();
    private static IAwayWatched[] s_watched = [];
    private static Thread? s_thread;
    private static int s_sleeping;
    private static long s_standIns;
    private static long s_slowSpells;

    /// <summary>How many times, in this process, a stand-in has taken over a socket (the benchmark prints it: each is a handler or continuation that ran past a tick).</summary>
    public static long StandIns => Interlocked.Read(ref s_standIns);

    /// <summary>Counts a stand-in that took over; the stand-in's thread.</summary>
    public static void CountStandIn() => Interlocked.Increment(ref s_standIns);

    /// <summary>How many times, in this process, a socket thread handed user code to the thread pool for a while because it ran slow (the benchmark prints it).</summary>
    public static long SlowSpells => Interlocked.Read(ref s_slowSpells);

    /// <summary>Counts a socket thread that found its items slow; that thread.</summary>
    public static void CountSlowSpell() => Interlocked.Increment(ref s_slowSpells);

    /// <summary>Starts watching <paramref name="watched"/>; the watch's thread starts with the first.</summary>
    public static void Add(IAwayWatched watched)
    {
        lock (Gate)
        {
            var list = new List<IAwayWatched>(s_watched) { watched };
            s_watched = list.ToArray();
            if (s_thread is not null) return;
            s_thread = new Thread(Watch) { IsBackground = true, Name = "ZeroContracts away watch" };
            s_thread.Start();
        }
    }

    /// <summary>Stops watching <paramref name="watched"/> (its owner closed).</summary>
    public static void Remove(IAwayWatched watched)
    {
        lock (Gate)
        {
            var list = new List<IAwayWatched>(s_watched);
            list.Remove(watched);
            s_watched = list.ToArray();
        }
    }

    /// <summary>
    /// Called by a socket thread that has just gone away (after it published that): wakes the watch if it sleeps. The
    /// watch publishes its sleep before it looks a last time, so one of the two sees the other.
    /// </summary>
    public static void NoteAway()
    {
        if (Volatile.Read(ref s_sleeping) == 1 && Interlocked.Exchange(ref s_sleeping, 0) == 1) Wake.Set();
    }

    private static void Watch()
    {
        var quietTicks = 0;
        var awayNow = false;
        while (true)
        {
            Thread.Sleep(awayNow ? ConfirmTickMilliseconds : LookTickMilliseconds);
            if (TickAll(out awayNow))
            {
                quietTicks = 0;
                continue;
            }

            if (++quietTicks < QuietTicksBeforeSleep) continue;
            Wake.Reset();
            Interlocked.Exchange(ref s_sleeping, 1);
            if (TickAll(out awayNow))
            {
                // A thread went away meanwhile; if it saw the watch asleep, it set Wake, which the next sleep resets.
                Interlocked.Exchange(ref s_sleeping, 0);
                quietTicks = 0;
                continue;
            }

            Wake.Wait();
            quietTicks = 0;
        }
    }

    private static bool TickAll(out bool anyAwayNow)
    {
        var active = false;
        anyAwayNow = false;
        foreach (var watched in Volatile.Read(ref s_watched))
        {
            active |= watched.Tick(out var awayNow);
            anyAwayNow |= awayNow;
        }

        return active;
    }
}
