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
            }, item => HandedOff.Enqueue((item, CurrentName)));
        }

        public SocketThread<int> Thread { get; }

        /// <summary>Runs an item on the socket thread, after it is recorded.</summary>
        public Action<int> RunHere { get; set; } = _ => { };

        /// <summary>What deferred items wait for; opened when the test ends.</summary>
        public ManualResetEventSlim Gate { get; } = new();

        public ConcurrentQueue<(int Item, string Thread)> RanHere { get; } = new();

        public ConcurrentQueue<(int Item, string Thread)> HandedOff { get; } = new();

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
                            if (Thread.MayDefer) Thread.Defer(item);
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
