using System.Collections.Concurrent;
using NetMQ;
using NetMQ.Sockets;
using ZeroContracts.Runtime.Tests.Support;
using ZeroContracts.Transport;

namespace ZeroContracts.Runtime.Tests;

/// <summary>
/// The thread that owns a socket and its turn: the turn is free while the thread waits (unless it keeps it), and
/// stopping from code that holds the turn does not wait for a thread that needs that turn to stop. While it runs
/// deferred items without the turn (RunDeferred), a stand-in leads in its place once an item keeps it away a tick.
/// </summary>
public sealed class SocketThreadTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_turn_is_free_while_the_thread_waits_unless_it_keeps_it(bool keepTurn)
    {
        using var dealer = new DealerSocket();
        var socketThread = new SocketThread<int>(dealer, useMailbox: true);
        var stop = false;
        socketThread.Start("test socket thread", Serve, socketThread.Dispose);

        if (keepTurn)
        {
            // Held throughout: the bound only limits how long the test looks for a wait that lets go of it.
            Monitor.TryEnter(socketThread.Turn, TimeSpan.FromMilliseconds(200)).ShouldBeFalse("the turn was let go of during a wait that keeps it");
        }
        else
        {
            SpinWait.SpinUntil(socketThread.TryTakeTurn, Bounded.Wait).ShouldBeTrue("the turn stayed taken while the thread waited");
            socketThread.HoldsTurn.ShouldBeTrue();
            socketThread.EndTurn();
        }

        var waitsBefore = socketThread.WaitCount;
        Volatile.Write(ref stop, true);

        // The thread ends only on a wait that reports the wake-up: Stop returns once it has.
        await Task.Run(socketThread.Stop).Within();
        socketThread.WaitCount.ShouldBeGreaterThan(waitsBefore);

        void Serve()
        {
            while (true)
            {
                ReceiveUntilNothing(dealer);
                if (socketThread.Wait(-1, keepTurn) && Volatile.Read(ref stop)) return;
            }
        }
    }

    [Fact]
    public async Task Stopping_while_holding_the_turn_only_wakes_the_thread_which_closes_once_the_turn_ends()
    {
        using var dealer = new DealerSocket();
        var socketThread = new SocketThread<int>(dealer, useMailbox: true);
        var stop = false;
        var closedWithTurn = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        socketThread.Start("test socket thread", Serve, Close);

        await Task.Run(() =>
        {
            SpinWait.SpinUntil(socketThread.TryTakeTurn, Bounded.Wait).ShouldBeTrue();
            try
            {
                Volatile.Write(ref stop, true);

                // Joining here would wait for a thread that waits for this turn.
                socketThread.Stop();
                closedWithTurn.Task.IsCompleted.ShouldBeFalse("the thread closed while another thread held the turn");
            }
            finally
            {
                socketThread.EndTurn();
            }
        }).Within();

        (await closedWithTurn.Task.Within()).ShouldBeTrue("the thread closed without the turn");

        void Serve()
        {
            while (!Volatile.Read(ref stop))
            {
                ReceiveUntilNothing(dealer);
                socketThread.Wait(-1, keepTurn: false);
            }
        }

        void Close()
        {
            closedWithTurn.TrySetResult(socketThread.HoldsTurn && socketThread.IsCurrent);
            socketThread.Dispose();
        }
    }

    [Fact]
    public async Task A_stand_in_leads_while_an_item_blocks_hands_off_the_items_behind_it_and_leaves_once_the_thread_is_back()
    {
        await using var owner = new Owner();
        using var blocking = new ManualResetEventSlim();
        owner.RunHere = item =>
        {
            if (item != 1) return;
            blocking.Set();
            owner.Gate.Wait(Bounded.Wait);
        };

        owner.EnqueueTogether(1, 2, 3);
        blocking.Wait(Bounded.Wait).ShouldBeTrue("the first item never ran");
        SpinWait.SpinUntil(() => owner.HandedOff.Count == 2, Bounded.Wait).ShouldBeTrue("the items behind the blocked one were not handed off");
        owner.Thread.StandIns.ShouldBe(1);
        owner.RanHere.ToArray().ShouldBe(new[] { (1, Owner.SocketThreadName) });
        owner.HandedOff.ToArray().ShouldBe(new[] { (2, Owner.StandInName), (3, Owner.StandInName) });

        // The stand-in serves the inbox meanwhile; the items it takes go elsewhere too.
        owner.Thread.Inbox.Enqueue(4);
        SpinWait.SpinUntil(() => owner.TakenBy(4) is not null, Bounded.Wait).ShouldBeTrue("nobody took an item queued while the first blocked");
        owner.TakenBy(4).ShouldBe(Owner.StandInName);

        // Back, the socket thread has the stand-in hand over, and serves the inbox itself again.
        owner.Gate.Set();
        await owner.StandInServeEnded.Task.Within();
        SpinWait.SpinUntil(() => owner.CameBack == 1, Bounded.Wait).ShouldBeTrue("the socket thread did not take the lead back");
        owner.Thread.Inbox.Enqueue(5);
        SpinWait.SpinUntil(() => owner.TakenBy(5) is not null, Bounded.Wait).ShouldBeTrue("nobody took an item queued after the socket thread came back");
        owner.TakenBy(5).ShouldBe(Owner.SocketThreadName);
        owner.Thread.StandIns.ShouldBe(1);

        await owner.StopAsync();
        owner.Closes.ShouldBe(1);
        owner.ClosedOn.ShouldBe(Owner.SocketThreadName);
        owner.ClosedWithTurn.ShouldBeTrue();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Stop_while_the_thread_is_away_closes_on_the_stand_in_once_without_waiting_for_the_item(bool standInFirst)
    {
        await using var owner = new Owner();
        using var blocking = new ManualResetEventSlim();
        owner.RunHere = _ =>
        {
            blocking.Set();
            owner.Gate.Wait(Bounded.Wait);
        };

        owner.EnqueueTogether(1);
        blocking.Wait(Bounded.Wait).ShouldBeTrue("the item never ran");

        // Without this the stop may find the thread away with nobody leading (the stop appoints the stand-in) or a
        // stand-in already appointed by the watch; with it, the stand-in leads and waits on the socket.
        if (standInFirst) SpinWait.SpinUntil(() => owner.Thread.StandIns == 1 && owner.Thread.IsWaiting, Bounded.Wait).ShouldBeTrue("no stand-in took over");

        // The gate opens only after Stop returns: a Stop that waited for the socket thread would never return.
        await owner.StopAsync();
        owner.Closes.ShouldBe(1);
        owner.ClosedOn.ShouldBe(Owner.StandInName);
        owner.ClosedWithTurn.ShouldBeTrue();

        // Back, the socket thread finds everything closed: its loop ends without the turn, and nobody closes again.
        owner.Gate.Set();
        (await owner.SocketThreadServeEnded.Task.Within()).ShouldBeFalse("RunDeferred returned true after the stand-in closed");
        owner.ClosingThread!.Join(Bounded.Wait).ShouldBeTrue("the stand-in thread did not end");
        owner.ServingThread!.Join(Bounded.Wait).ShouldBeTrue("the socket thread did not end");
        owner.Closes.ShouldBe(1);
    }

    [Fact]
    public async Task Items_that_return_quickly_run_on_the_socket_thread_without_a_stand_in()
    {
        // A stand-in takes over only from a thread away a whole tick of the watch: one preempted that long on a loaded
        // machine gets one, so a few owners are tried, each with one batch.
        const int Tries = 5;
        for (var attempt = 0; attempt < Tries; attempt++)
        {
            await using var owner = new Owner();
            owner.RunHere = _ => { };
            owner.EnqueueTogether(1, 2, 3);
            SpinWait.SpinUntil(() => owner.CameBack == 1, Bounded.Wait).ShouldBeTrue("the socket thread did not come back from its items");

            // Preempted past the budget between items, the thread hands the rest off: that try proves nothing either.
            if (owner.Thread.StandIns != 0 || !owner.HandedOff.IsEmpty) continue;
            owner.RanHere.ToArray().ShouldBe(new[] { (1, Owner.SocketThreadName), (2, Owner.SocketThreadName), (3, Owner.SocketThreadName) });
            return;
        }

        Assert.Fail($"A stand-in took over from items that return at once in each of {Tries} tries.");
    }

    [Fact]
    public async Task Once_a_stand_in_leads_the_code_the_thread_runs_is_no_longer_running_deferred()
    {
        // What deferred code hands back is queued quietly only while the socket thread or the stand-in's first pass
        // is still to take it; once the stand-in leads and waits, nothing would wake it for that.
        await using var owner = new Owner();
        var seen = new TaskCompletionSource<(bool Before, bool StandIn, bool After)>(TaskCreationOptions.RunContinuationsAsynchronously);
        owner.RunHere = _ =>
        {
            var before = owner.Thread.IsRunningDeferred;
            var standIn = SpinWait.SpinUntil(() => owner.Thread.StandIns == 1, Bounded.Wait);
            seen.TrySetResult((before, standIn, owner.Thread.IsRunningDeferred));
        };

        owner.EnqueueTogether(1);
        var (before, standIn, after) = await seen.Task.Within();
        before.ShouldBeTrue("the item did not run deferred");
        standIn.ShouldBeTrue("no stand-in took over");
        after.ShouldBeFalse("deferred code still counts on a pass that the stand-in leading already made");
    }

    [Fact]
    public async Task Stop_from_an_item_while_a_stand_in_leads_has_the_stand_in_close_at_once()
    {
        await using var owner = new Owner();
        var closedMeanwhile = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        owner.RunHere = _ =>
        {
            if (!SpinWait.SpinUntil(() => owner.Thread.StandIns == 1 && owner.Thread.WaitsWithoutLimit, Bounded.Wait))
            {
                closedMeanwhile.TrySetException(new TimeoutException("no stand-in took over"));
                return;
            }

            // From the socket thread Stop returns at once; the stand-in, waiting without a limit, must still see it.
            owner.RequestStop();
            owner.Thread.Stop();
            closedMeanwhile.TrySetResult(owner.Closed.Task.Wait(Bounded.Wait));
        };

        owner.EnqueueTogether(1);
        (await closedMeanwhile.Task.Within()).ShouldBeTrue("the stand-in did not close while the item that stopped it ran");
        owner.ClosedOn.ShouldBe(Owner.StandInName);
        (await owner.SocketThreadServeEnded.Task.Within()).ShouldBeFalse("RunDeferred returned true after the stand-in closed");
        owner.Closes.ShouldBe(1);
    }

    [Fact]
    public async Task Items_kept_by_deferred_code_are_taken_by_the_socket_thread_as_it_comes_back_before_what_it_queued_after_them()
    {
        await using var owner = new Owner();
        var kept = new TaskCompletionSource<bool[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        owner.RunHere = _ =>
        {
            var results = new[] { owner.Thread.TryKeep(1001), owner.Thread.TryKeep(1002) };
            owner.Thread.Inbox.Enqueue(1003);
            kept.TrySetResult(results);
        };

        owner.Thread.TryKeep(1000).ShouldBeFalse("a thread that is not running the socket thread's items kept one");
        owner.EnqueueTogether(1);
        (await kept.Task.Within()).ShouldBe(new[] { true, true });
        SpinWait.SpinUntil(() => owner.Taken.Count == 3, Bounded.Wait).ShouldBeTrue($"taken: {string.Join(", ", owner.Taken)}");

        // A socket thread preempted a tick while away has a stand-in take them instead: still each once, in order.
        var takenBy = owner.Thread.StandIns == 0 ? Owner.SocketThreadName : Owner.StandInName;
        owner.Taken.ToArray().ShouldBe(new[] { (1001, takenBy), (1002, takenBy), (1003, takenBy) });
    }

    [Fact]
    public async Task A_stand_in_taking_over_takes_what_was_kept_so_far_once_and_what_comes_later_goes_through_the_inbox()
    {
        await using var owner = new Owner();
        var afterTakeover = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var keptInNextRun = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        owner.RunHere = item =>
        {
            if (item == 2)
            {
                keptInNextRun.TrySetResult(owner.Thread.TryKeep(1004));
                return;
            }

            if (!owner.Thread.TryKeep(1001) || !owner.Thread.TryKeep(1002))
            {
                afterTakeover.TrySetException(new InvalidOperationException("the item could not keep before any stand-in"));
                return;
            }

            // Blocked here, the thread has a stand-in take over, which takes what was kept before it serves the inbox.
            if (!SpinWait.SpinUntil(() => owner.Taken.Count == 2, Bounded.Wait))
            {
                afterTakeover.TrySetException(new TimeoutException("the stand-in did not take the kept items"));
                return;
            }

            var keptAfter = owner.Thread.TryKeep(1003);
            if (!keptAfter) owner.Thread.Inbox.Enqueue(1003);
            afterTakeover.TrySetResult(keptAfter);
            owner.Gate.Wait(Bounded.Wait);
        };

        owner.EnqueueTogether(1);
        (await afterTakeover.Task.Within()).ShouldBeFalse("an item was kept after a stand-in took what was kept");
        SpinWait.SpinUntil(() => owner.Taken.Count == 3, Bounded.Wait).ShouldBeTrue($"taken: {string.Join(", ", owner.Taken)}");
        owner.Thread.StandIns.ShouldBe(1);

        // Back, the socket thread takes nothing again, and keeps afresh in its next run.
        owner.Gate.Set();
        SpinWait.SpinUntil(() => owner.CameBack == 1, Bounded.Wait).ShouldBeTrue("the socket thread did not come back");
        owner.EnqueueTogether(2);
        (await keptInNextRun.Task.Within()).ShouldBeTrue("the socket thread's next run kept nothing");
        SpinWait.SpinUntil(() => owner.Taken.Count == 4, Bounded.Wait).ShouldBeTrue($"taken: {string.Join(", ", owner.Taken)}");

        // Unless the socket thread was preempted a tick in its next run too, and a second stand-in took 1004.
        var lastTakenBy = owner.Thread.StandIns == 1 ? Owner.SocketThreadName : Owner.StandInName;
        owner.Taken.ToArray().ShouldBe(new[]
        {
            (1001, Owner.StandInName), (1002, Owner.StandInName), (1003, Owner.StandInName), (1004, lastTakenBy),
        });
    }

    [Fact]
    public async Task Items_kept_while_a_stand_in_takes_over_are_each_taken_once_and_in_order()
    {
        // The item keeps one item about every 100 µs until a stand-in has taken over, and a few after, so that the
        // takeover falls among them at a moment the test does not choose: before it, between a slot written and its
        // count published, or once the run's array is full and the rest go through the inbox.
        await using var owner = new Owner();
        var handedBack = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        owner.RunHere = _ =>
        {
            var next = 1000;
            var until = System.Diagnostics.Stopwatch.GetTimestamp() + (long)(Bounded.Wait.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
            var afterStandIn = 0;
            while (afterStandIn < 20 && System.Diagnostics.Stopwatch.GetTimestamp() < until)
            {
                if (!owner.Thread.TryKeep(next)) owner.Thread.Inbox.Enqueue(next);
                next++;
                if (owner.Thread.StandIns > 0) afterStandIn++;
                var paced = System.Diagnostics.Stopwatch.GetTimestamp();
                while (System.Diagnostics.Stopwatch.GetElapsedTime(paced) < TimeSpan.FromMicroseconds(100)) Thread.SpinWait(10);
            }

            handedBack.TrySetResult(next - 1000);
        };

        owner.EnqueueTogether(1);
        var count = await handedBack.Task.Within();
        owner.Thread.StandIns.ShouldBe(1, "no stand-in took over while the item kept");
        SpinWait.SpinUntil(() => owner.Taken.Count >= count, Bounded.Wait).ShouldBeTrue($"{owner.Taken.Count} of {count} items were taken");
        SpinWait.SpinUntil(() => owner.CameBack == 1, Bounded.Wait).ShouldBeTrue("the socket thread did not come back");
        owner.Taken.Select(static taken => taken.Item).ToArray().ShouldBe(Enumerable.Range(1000, count).ToArray());
    }

    [Fact]
    public async Task A_run_that_keeps_more_than_fits_queues_the_rest_through_the_inbox_in_order_and_the_next_keeps_more()
    {
        await using var owner = new Owner();
        var keptPerRun = new ConcurrentQueue<int>();
        owner.RunHere = item =>
        {
            var kept = 0;
            for (var i = 0; i < 100; i++)
            {
                var handedBack = Owner.FirstHandedBack + (item - 1) * 100 + i;
                if (owner.Thread.TryKeep(handedBack)) kept++;
                else owner.Thread.Inbox.Enqueue(handedBack);
            }

            keptPerRun.Enqueue(kept);
        };

        owner.EnqueueTogether(1);
        SpinWait.SpinUntil(() => owner.CameBack == 1 && owner.Taken.Count == 100, Bounded.Wait).ShouldBeTrue($"{owner.Taken.Count} of 100 items were taken");
        owner.EnqueueTogether(2);
        SpinWait.SpinUntil(() => owner.CameBack == 2 && owner.Taken.Count == 200, Bounded.Wait).ShouldBeTrue($"{owner.Taken.Count} of 200 items were taken");
        owner.Taken.Select(static taken => taken.Item).ToArray().ShouldBe(Enumerable.Range(Owner.FirstHandedBack, 200).ToArray());

        // A stand-in (a socket thread preempted a tick) takes what was kept, and the rest of that run goes through the inbox.
        var kept = keptPerRun.ToArray();
        if (owner.Thread.StandIns == 0) kept[1].ShouldBeGreaterThan(kept[0], "the run after one that filled what it keeps kept no more");
        kept[0].ShouldBeLessThan(100, "a run kept more than its array holds");
    }

    /// <summary>What SocketWait asks before each wait; otherwise a command left in the mailbox ends every wait at once.</summary>
    private static void ReceiveUntilNothing(DealerSocket dealer)
    {
        while (dealer.TryReceiveFrameBytes(out _))
        {
        }
    }

    /// <summary>
    /// A small owner of a socket thread, shaped like the RPC ones: items queued through the inbox are deferred to the
    /// socket thread while it may (<see cref="SocketThread{T}.MayDefer"/>), else handed off (recorded, not run); it
    /// records who took, ran, handed off and closed what.
    /// </summary>
    private sealed class Owner : IAsyncDisposable
    {
        public const string SocketThreadName = "test socket thread";
        public const string StandInName = SocketThreadName + " (stand-in)";

        private readonly DealerSocket _dealer = new();
        private readonly ConcurrentDictionary<int, string> _takenBy = new();
        private bool _stop;
        private int _closes;
        private int _cameBack;

        public Owner()
        {
            Thread = new SocketThread<int>(_dealer, useMailbox: true);
            Thread.UsesMailbox.ShouldBeTrue("the socket thread defers nothing on the NetMQSelector path");
            Thread.Start(SocketThreadName, Serve, Close, item =>
            {
                RanHere.Enqueue((item, CurrentName));
                RunHere(item);
            }, item => HandedOff.Enqueue((item, CurrentName)), item => Taken.Enqueue((item, CurrentName)));
        }

        /// <summary>The first item that items running deferred hand back (<see cref="SocketThread{T}.TryKeep"/>, or the inbox).</summary>
        public const int FirstHandedBack = 1000;

        public SocketThread<int> Thread { get; }

        /// <summary>Runs an item on the socket thread, after it is recorded.</summary>
        public Action<int> RunHere { get; set; } = _ => { };

        /// <summary>What deferred items wait for; opened when the test ends.</summary>
        public ManualResetEventSlim Gate { get; } = new();

        public ConcurrentQueue<(int Item, string Thread)> RanHere { get; } = new();

        public ConcurrentQueue<(int Item, string Thread)> HandedOff { get; } = new();

        /// <summary>Items handed back, from <see cref="FirstHandedBack"/> on, in the order they were taken: kept ones, or from the inbox.</summary>
        public ConcurrentQueue<(int Item, string Thread)> Taken { get; } = new();

        /// <summary>The socket thread's loop ended; true when it ended leading, false when RunDeferred said it was closed.</summary>
        public TaskCompletionSource<bool> SocketThreadServeEnded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource StandInServeEnded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public System.Threading.Thread? ServingThread { get; private set; }

        public System.Threading.Thread? ClosingThread { get; private set; }

        public string ClosedOn => ClosingThread?.Name ?? "";

        public bool ClosedWithTurn { get; private set; }

        public int Closes => Volatile.Read(ref _closes);

        /// <summary>How many times RunDeferred returned true on the socket thread after running items.</summary>
        public int CameBack => Volatile.Read(ref _cameBack);

        private static string CurrentName => System.Threading.Thread.CurrentThread.Name ?? "";

        public string? TakenBy(int item) => _takenBy.TryGetValue(item, out var thread) ? thread : null;

        /// <summary>Queues the items while holding the turn, so that the socket thread takes them in one batch.</summary>
        public void EnqueueTogether(params int[] items)
        {
            SpinWait.SpinUntil(Thread.TryTakeTurn, Bounded.Wait).ShouldBeTrue("the turn stayed taken");
            try
            {
                foreach (var item in items) Thread.Inbox.Enqueue(item);
            }
            finally
            {
                Thread.EndTurn();
            }
        }

        public void RequestStop() => Volatile.Write(ref _stop, true);

        public async Task StopAsync()
        {
            RequestStop();
            await Task.Run(Thread.Stop).Within();
        }

        public async ValueTask DisposeAsync()
        {
            Gate.Set();
            await StopAsync();
            Gate.Dispose();
        }

        private void Serve()
        {
            var standIn = Thread.IsStandIn;
            if (!standIn) ServingThread = System.Threading.Thread.CurrentThread;
            var leading = true;
            try
            {
                // The stand-in starts with what was queued while nobody led.
                var waitFirst = !standIn;
                while (!Volatile.Read(ref _stop) && Thread.Leads)
                {
                    if (waitFirst) Thread.Wait(-1, keepTurn: false);
                    waitFirst = true;
                    Thread.Inbox.HoldWakeUps();
                    ReceiveUntilNothing(_dealer);
                    do
                    {
                        Thread.Inbox.Acknowledge();
                        while (Thread.Inbox.TryDequeue(out var item))
                        {
                            _takenBy[item] = CurrentName;
                            if (item >= FirstHandedBack) Taken.Enqueue((item, CurrentName));
                            else if (Thread.MayDefer) Thread.Defer(item);
                            else HandedOff.Enqueue((item, CurrentName));
                        }

                        var ranItems = Thread.HasDeferred;
                        if (!Thread.RunDeferred())
                        {
                            leading = false;
                            return;
                        }

                        if (ranItems && !standIn) Interlocked.Increment(ref _cameBack);
                    }
                    while (Thread.HasDeferred);
                }
            }
            finally
            {
                if (standIn) StandInServeEnded.TrySetResult();
                else SocketThreadServeEnded.TrySetResult(leading);
            }
        }

        private void Close()
        {
            Interlocked.Increment(ref _closes);
            ClosingThread = System.Threading.Thread.CurrentThread;
            ClosedWithTurn = Thread.HoldsTurn;
            Thread.Dispose();
            _dealer.Dispose();
            Closed.TrySetResult();
        }
    }
}
