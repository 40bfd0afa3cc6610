using System;
using System.Diagnostics;
using System.Threading;
using NetMQ;

namespace ZeroContracts.Transport;

/// <summary>
/// The dedicated thread that owns a NetMQ socket, and the socket's turn: a lock held by whoever uses the socket or the
/// state that goes with it. The socket thread holds the turn except while it waits (<see cref="Wait"/>), so another
/// thread that finds it free (<see cref="TryTakeTurn"/>) may use the socket itself, sparing a wake-up and a thread
/// switch; one that does not hands its work over through <see cref="Inbox"/>. The lock's full fences are what ZeroMQ
/// asks of a socket used from several threads.
/// </summary>
/// <remarks>
/// The thread waits on the socket and the inbox with one <see cref="SocketWait"/>, whose rule binds every holder of the
/// turn: after its last send, a receive must have found nothing before the socket thread waits again. What the thread
/// does when awake, and how it uses <see cref="Inbox{T}.HoldWakeUps"/> and <see cref="Inbox{T}.Acknowledge"/>, is the
/// owner's.
/// <para>
/// User code may run on the socket thread without stalling the socket (<see cref="RunDeferred"/>): the thread lets go
/// of the turn while it runs the items its owner deferred to it, hands what is left to the owner's other path (the
/// thread pool) once the next would end past <see cref="DeferredBudget"/>, and when one of them keeps it away for a tick of
/// <see cref="AwayWatch"/> (one to five milliseconds: it blocks, or runs long) a stand-in thread takes over the socket
/// until it returns. That spares the thread switch to and from the thread pool that a quick handler or continuation
/// would otherwise cost (docs/performance.md).
/// </para>
/// </remarks>
/// <typeparam name="T">The items other threads hand to the socket thread, and the items it runs itself.</typeparam>
internal sealed class SocketThread<T> : IDisposable, IAwayWatched
{
    /// <summary>How long the socket thread runs deferred items at a time before it hands the rest to the thread pool.</summary>
    public static readonly TimeSpan DeferredBudget = TimeSpan.FromMilliseconds(0.5);

    /// <summary><see cref="DeferredBudget"/> in <see cref="Stopwatch"/> ticks.</summary>
    private static readonly long DeferredBudgetTicks = (long)(DeferredBudget.TotalSeconds * Stopwatch.Frequency);

    /// <summary>The value of <see cref="_nextDeferred"/> once the items not yet run have been handed off.</summary>
    private const int HandedOff = int.MaxValue;

    /// <summary>The value of <see cref="_keptCount"/> once a stand-in has taken the kept items: later ones go through the inbox.</summary>
    private const int KeptTaken = -1;

    /// <summary>The most items a run keeps (<see cref="TryKeep"/>); the array starts smaller and grows when a run fills it.</summary>
    private const int MaxKept = 4096;

    /// <summary>How long the socket thread hands user code to the thread pool after a stand-in had to take over, or items ran slow.</summary>
    private const int PoolOnlyMs = 100;

    /// <summary>
    /// How close to the one before a stand-in must take over for the socket thread to hand user code to the thread pool
    /// afterwards: one alone may have stood in for a thread preempted for a few milliseconds on a busy machine, which
    /// says nothing about the items, while user code that blocks again and again soon brings a second.
    /// </summary>
    private const int RepeatedStandInMs = 1000;

    /// <summary>
    /// The mean time per item above which the socket thread hands items to the thread pool for a while: slower handlers
    /// gain more from running in parallel there than a thread switch (tens of microseconds) costs them, and they would
    /// hold back what arrives behind them.
    /// </summary>
    private static readonly long SlowItemTicks = Stopwatch.Frequency / 10_000;

    /// <summary>
    /// The most one item, or the items between two clock reads together, add to the mean: eight times
    /// <see cref="SlowItemTicks"/>. A thread preempted, or stopped for a collection, for a few milliseconds in the middle
    /// of quick items would otherwise start a slow spell on its own (a 1.6 ms pause lifts a mean over 16 items past
    /// <see cref="SlowItemTicks"/>), while items that are slow every time still start one within a few.
    /// </summary>
    private static readonly long MaxCountedItemTicks = 8 * SlowItemTicks;

    /// <summary>
    /// The mean below which items are quick enough to read the clock only after every <see cref="QuickItemsPerClockRead"/>
    /// of them: at a microsecond or two an item, the clock is a good part of the cost of running it on the socket thread.
    /// </summary>
    private static readonly long QuickItemTicks = Stopwatch.Frequency / 200_000;

    /// <summary>How many quick items run between two reads of the clock (see <see cref="QuickItemTicks"/>).</summary>
    private const int QuickItemsPerClockRead = 4;

    // Who leads: waits on the socket whenever nobody else uses it. Transitions are compare-and-swaps on _lead.
    private const int Home = 0;        // the socket thread, which holds the turn except while it waits
    private const int Away = 1;        // the socket thread runs deferred user code, without the turn; nobody leads
    private const int Appointed = 2;   // the stand-in is asked to take over, and has not yet
    private const int StandingIn = 3;  // the stand-in leads
    private const int Returning = 4;   // the socket thread is back and waits for the stand-in to hand over
    private const int Closed = 5;      // closed, by either thread

    [ThreadStatic]
    private static object? t_runningDeferred;

    private readonly SocketWait _wait;
    private T[] _deferred = new T[16];
    private readonly SemaphoreSlim _appointments = new(0);
    private readonly SemaphoreSlim _handedBack = new(0);
    private readonly ManualResetEventSlim _closed = new();
    private Action _serve = null!;
    private Action _close = null!;
    private Action<T>? _runHere;
    private Action<T>? _handOff;
    private Action<T>? _takeKept;
    private string _name = "";
    private Thread? _thread;
    private Thread? _standIn;

    // The items deferred to the next run: written by the socket thread while it leads at home, read during the run by
    // it and by a stand-in, which hands off what it has not run (ResetDeferred empties them once both are done).
    private int _deferredCount;

    // The index of the next deferred item to run, or HandedOff: the socket thread claims each item by advancing it with a
    // compare-and-swap, and whoever hands the rest off (the socket thread past its budget, or a stand-in taking over)
    // swaps in HandedOff, so that each item runs exactly once, in order.
    private int _nextDeferred;

    // What the items of a run hand back to the socket thread (TryKeep): appended by that thread while it runs them, each
    // published by a compare-and-swap on the count, and taken by whoever leads next: the socket thread once back, or a
    // stand-in as it takes over, which swaps in KeptTaken so that whatever comes later goes through the inbox. Each item
    // is thus taken exactly once, and before anything the same code queued to the inbox afterwards.
    private T[] _kept = new T[64];
    private int _keptCount;
    private bool _keptFull;
    private int _lead;
    private int _awayCount;
    private int _seenAwayCount;
    private bool _seenAway;
    private bool _watched;
    private long _poolOnlyUntil;
    private long _lastStandInAt;
    private long _standIns;
    private long _slowSpells;
    private long _meanItemTicks;
    private long _waitCount;
    private bool _waitsWithoutLimit;
    private bool _isWaiting;

    /// <summary>Creates the inbox and the wait on <paramref name="socket"/>; the thread starts with <see cref="Start"/>.</summary>
    /// <param name="socket">The socket the thread owns.</param>
    /// <param name="useMailbox">False takes the <see cref="NetMQSelector"/> path of <see cref="SocketWait"/> (for tests).</param>
    public SocketThread(NetMQSocket socket, bool useMailbox)
    {
        Inbox = new SocketInbox<T>();
        try
        {
            _wait = new SocketWait(socket, Inbox.WaitHandle, useMailbox);
        }
        catch
        {
            Inbox.Dispose();
            throw;
        }
    }

    /// <summary>Where other threads queue work for the socket thread, and what wakes it.</summary>
    public SocketInbox<T> Inbox { get; }

    /// <summary>The turn's lock, for tests that hold it to keep other threads off the socket.</summary>
    public object Turn { get; } = new();

    /// <summary>Whether the wait is one select on the socket's mailbox (see <see cref="SocketWait.UsesMailbox"/>).</summary>
    public bool UsesMailbox => _wait.UsesMailbox;

    /// <summary>How many times the socket thread has ended a wait (for tests: an idle owner should not wake).</summary>
    public long WaitCount => Volatile.Read(ref _waitCount);

    /// <summary>Whether the socket thread is in, or about to enter, a wait (for tests: its turn is free then, unless kept).</summary>
    public bool IsWaiting => Volatile.Read(ref _isWaiting);

    /// <summary>Whether the socket thread is in, or about to enter, a wait without a time limit (for tests: from then on only work wakes it).</summary>
    public bool WaitsWithoutLimit => Volatile.Read(ref _waitsWithoutLimit);

    /// <summary>Whether <see cref="Start"/> has been called; read it under whatever orders it against the start.</summary>
    public bool IsStarted => _thread is not null;

    /// <summary>Whether the calling thread is the socket thread.</summary>
    public bool IsCurrent => Thread.CurrentThread == _thread;

    /// <summary>
    /// Whether the owner's loop, running on the calling thread, is to go on: always on the socket thread; on the stand-in
    /// only until the socket thread wants the socket back.
    /// </summary>
    public bool Leads => Thread.CurrentThread != _standIn || Volatile.Read(ref _lead) == StandingIn;

    /// <summary>Whether the calling thread is the stand-in, whose first pass must take the work queued quietly before it waits.</summary>
    public bool IsStandIn => Thread.CurrentThread == _standIn;

    /// <summary>How many times a stand-in has taken over the socket (for tests).</summary>
    public long StandIns => Volatile.Read(ref _standIns);

    /// <summary>How many times items ran slow enough on average for the socket thread to hand them to the thread pool for a while (for tests).</summary>
    public long SlowSpells => Volatile.Read(ref _slowSpells);

    /// <summary>Whether the calling thread holds the turn.</summary>
    public bool HoldsTurn => Monitor.IsEntered(Turn);

    /// <summary>
    /// Starts the socket thread, which runs <paramref name="serve"/> and then <paramref name="close"/> with the turn
    /// held; <paramref name="serve"/> lets go of it only in <see cref="Wait"/>. A new thread has no
    /// <see cref="SynchronizationContext"/>, so code resumed on it captures none.
    /// </summary>
    /// <param name="name">The thread's name.</param>
    /// <param name="serve">The thread's loop; returns when the owner stops.</param>
    /// <param name="close">Closes the socket and what goes with it, still with the turn, however the loop ended.</param>
    /// <param name="runHere">Runs an item deferred to the socket thread (<see cref="Defer"/>) on it; null: nothing is deferred.</param>
    /// <param name="handOff">Starts a deferred item elsewhere (the thread pool) when the socket thread does not run it; any thread.</param>
    /// <param name="takeKept">
    /// Takes an item that deferred code kept (<see cref="TryKeep"/>), with the turn, on the socket thread back from
    /// <see cref="RunDeferred"/> or on a stand-in as it takes over, before that thread takes anything from the inbox;
    /// null: nothing is kept.
    /// </param>
    public void Start(string name, Action serve, Action close, Action<T>? runHere = null, Action<T>? handOff = null, Action<T>? takeKept = null)
    {
        _name = name;
        _serve = serve;
        _close = close;
        _runHere = runHere;
        _handOff = handOff;
        _takeKept = takeKept;
        _thread = new Thread(() =>
        {
            Monitor.Enter(Turn);
            try
            {
                serve();
            }
            finally
            {
                // The loop also ends when a stand-in closed everything while this thread was away; it has no turn then.
                if (Monitor.IsEntered(Turn)) CloseWithTurn();
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        _thread.Start();
    }

    /// <summary>Runs the owner's close step with the turn held, then lets go of it and of the stand-in thread.</summary>
    private void CloseWithTurn()
    {
        Volatile.Write(ref _lead, Closed);
        try
        {
            _close();
        }
        finally
        {
            Monitor.Exit(Turn);
            if (_watched) AwayWatch.Remove(this);
            _closed.Set();

            // Ends the stand-in thread, if there is one, which waits for its next appointment.
            _appointments.Release();
        }
    }

    /// <summary>Takes the turn if it is free (the socket thread waits and no other thread has it); any thread. End it with <see cref="EndTurn"/>.</summary>
    public bool TryTakeTurn() => Monitor.TryEnter(Turn);

    /// <summary>Ends a turn taken with <see cref="TryTakeTurn"/>.</summary>
    public void EndTurn() => Monitor.Exit(Turn);

    /// <summary>
    /// Waits, on the socket thread holding the turn, up to <paramref name="timeoutMs"/> milliseconds (negative: no limit)
    /// for the socket or a wake-up, and reads the wake-ups; true when woken through the inbox. It may return early with
    /// nothing to do.
    /// </summary>
    /// <param name="timeoutMs">The longest wait.</param>
    /// <param name="keepTurn">
    /// Keep the turn while waiting rather than let other threads take it meanwhile: for an owner whose other threads
    /// must not touch the socket while the <see cref="NetMQSelector"/> fallback reads its state.
    /// </param>
    /// <param name="includeSocket">False waits for a wake-up alone (see <see cref="SocketWait.Wait"/>).</param>
    public bool Wait(long timeoutMs, bool keepTurn, bool includeSocket = true)
    {
        bool woken;
        Volatile.Write(ref _waitsWithoutLimit, timeoutMs < 0);
        Volatile.Write(ref _isWaiting, true);
        if (keepTurn)
        {
            woken = _wait.Wait(timeoutMs, includeSocket);
        }
        else
        {
            Monitor.Exit(Turn);
            try
            {
                woken = _wait.Wait(timeoutMs, includeSocket);
            }
            finally
            {
                Monitor.Enter(Turn);
            }
        }

        Volatile.Write(ref _waitsWithoutLimit, false);
        Volatile.Write(ref _isWaiting, false);
        Volatile.Write(ref _waitCount, _waitCount + 1);
        if (woken) Inbox.ClearWakeUps();
        return woken;
    }

    /// <summary>
    /// Wakes the socket thread, which is to see that its owner stops, and waits until it has closed everything; when it
    /// is away running user code (<see cref="RunDeferred"/>), a stand-in closes instead, so this does not wait for that
    /// code. From the socket thread itself it only wakes: the thread sees the stop once the code calling this returns,
    /// and a stand-in leading meanwhile at once. From a thread holding the turn it only wakes it, since the thread stops
    /// once that turn ends.
    /// </summary>
    public void Stop()
    {
        // Also from the socket thread: a stand-in may be waiting on the socket in its place.
        Inbox.Wake();
        if (IsCurrent || HoldsTurn) return;

        // A socket thread away running user code may not come back soon: a stand-in closes everything instead.
        Appoint();
        _closed.Wait();
    }

    // ---- user code on the socket thread ----

    /// <summary>
    /// Whether an item the socket thread has just received work for may be deferred to it (<see cref="Defer"/>) rather
    /// than handed to the thread pool: on the socket thread, which leads, on the mailbox path (whose wait needs nothing
    /// from the turn), unless a stand-in had to take over for the second time within <see cref="RepeatedStandInMs"/>, or
    /// items took more than <see cref="SlowItemTicks"/> on average, in the last <see cref="PoolOnlyMs"/> milliseconds.
    /// </summary>
    public bool MayDefer =>
        _runHere is not null && _wait.UsesMailbox && Thread.CurrentThread == _thread && Volatile.Read(ref _lead) == Home
        && (_poolOnlyUntil == 0 || PoolOnlyHasEnded());

    /// <summary>
    /// Whether the time <see cref="HandToThreadPoolForAWhile"/> set has passed, and if so forgets it: the clock is read
    /// only while such a time is set, since this is asked for every message; socket thread.
    /// </summary>
    private bool PoolOnlyHasEnded()
    {
        if (Environment.TickCount64 < _poolOnlyUntil) return false;
        _poolOnlyUntil = 0;
        return true;
    }

    /// <summary>Defers <paramref name="item"/> to the socket thread's next <see cref="RunDeferred"/>; socket thread, with <see cref="MayDefer"/>.</summary>
    /// <remarks>
    /// Without a lock: only the socket thread writes the items, while it leads at home, and a stand-in reads them only
    /// during a run, after the socket thread has published them by going away (<see cref="RunDeferred"/>).
    /// </remarks>
    public void Defer(T item)
    {
        if (_deferredCount == _deferred.Length) Array.Resize(ref _deferred, _deferred.Length * 2);
        _deferred[_deferredCount++] = item;
    }

    /// <summary>
    /// Whether the calling thread is to call <see cref="RunDeferred"/> now: items wait, and it is the socket thread
    /// leading at home, not a caller or handler thread holding the turn, nor code the socket thread runs meanwhile (which
    /// would nest one run in another).
    /// </summary>
    public bool HasDeferred => _deferredCount > 0 && Thread.CurrentThread == _thread && Volatile.Read(ref _lead) == Home;

    /// <summary>
    /// Whether the calling thread is running items deferred to this socket thread while nobody leads in its place: what
    /// they have just queued may stay quiet, since the socket thread takes it once back, or the stand-in on its first
    /// pass. Once a stand-in leads it may be waiting, so they wake it as any other thread would. Read after queuing.
    /// </summary>
    public bool IsRunningDeferred
    {
        get
        {
            if (t_runningDeferred != this) return false;

            // With the stand-in's compare-and-swap before its first pass: either that pass finds what was just queued,
            // or this sees the stand-in lead.
            Interlocked.MemoryBarrier();
            return Volatile.Read(ref _lead) is Away or Appointed;
        }
    }

    /// <summary>
    /// Keeps <paramref name="item"/>, which code run by <see cref="RunDeferred"/> hands back to the socket thread (a call
    /// it started, a reply it finished), for whoever leads next: the socket thread as it comes back, or a stand-in as it
    /// takes over (see the <c>takeKept</c> of <see cref="Start"/>). Cheaper than the inbox: no lock, no queue, no fence
    /// but one compare-and-swap. False, having done nothing, when the calling thread is not running this thread's
    /// deferred items, a stand-in has taken over, or the run has kept all it can: queue the item through the inbox then,
    /// as any other thread would; whoever leads takes what was kept before it.
    /// </summary>
    public bool TryKeep(T item)
    {
        if (t_runningDeferred != this || _takeKept is null) return false;

        // Only this thread appends, and only during the run; a stand-in only swaps in KeptTaken.
        var count = Volatile.Read(ref _keptCount);
        if (count < 0) return false;
        var kept = _kept;
        if (count == kept.Length)
        {
            _keptFull = true;
            return false;
        }

        kept[count] = item;
        return Interlocked.CompareExchange(ref _keptCount, count + 1, count) == count;
    }

    /// <summary>
    /// Hands what the run kept to <see cref="_takeKept"/>, in order; with the turn, on the socket thread back at home
    /// (nothing touches the kept items then: a stand-in has handed back, or never started), or on a stand-in taking over
    /// (the socket thread may still be running items, and from now on queues what they hand back to the inbox).
    /// </summary>
    private void TakeKept(bool standIn)
    {
        if (_takeKept is null) return;
        var kept = _kept;
        int count;
        if (standIn)
        {
            count = Interlocked.Exchange(ref _keptCount, KeptTaken);
        }
        else
        {
            count = _keptCount;
            if (count == KeptTaken)
            {
                // A stand-in took them; the socket thread may have written one more slot after that, which nobody reads.
                Array.Clear(kept);
                _keptCount = 0;
                return;
            }
        }

        for (var i = 0; i < count; i++)
        {
            var item = kept[i];
            kept[i] = default!;
            _takeKept(item);
        }

        if (standIn) return;
        _keptCount = 0;
        if (_keptFull)
        {
            // A run kept more than fits: the next keeps up to twice as many (the rest went through the inbox, in order).
            _keptFull = false;
            if (kept.Length < MaxKept) _kept = new T[kept.Length * 2];
        }
    }

    /// <summary>
    /// Runs the deferred items on the socket thread, holding the turn, without the turn: other threads may use the
    /// socket meanwhile, and a stand-in takes it over if an item keeps this thread away for a tick of
    /// <see cref="AwayWatch"/>. Once the next item, taking as long as the mean so far, would end past
    /// <see cref="DeferredBudget"/>, the rest are handed off (checked where the clock is read: after each item, or after
    /// every <see cref="QuickItemsPerClockRead"/> while items are quick). True once this thread leads
    /// again, with the turn, having handed what the items kept (<see cref="TryKeep"/>) to the owner unless a stand-in took
    /// it; false when a stand-in closed everything meanwhile: the owner's loop must end at once.
    /// </summary>
    public bool RunDeferred()
    {
        if (!HasDeferred) return true;
        if (!_watched)
        {
            _watched = true;
            AwayWatch.Add(this);
        }

        Volatile.Write(ref _awayCount, _awayCount + 1);
        Interlocked.Exchange(ref _lead, Away);
        Monitor.Exit(Turn);
        AwayWatch.NoteAway();

        var outer = t_runningDeferred;
        t_runningDeferred = this;
        try
        {
            // The clock is read after each item, or after every few while items are quick: where one group ends
            // the next begins. The budget is checked where the clock was read.
            var started = Stopwatch.GetTimestamp();
            var before = started;
            var elapsed = 0L;
            var unclocked = 0;
            for (var ran = 0; ran < _deferredCount; ran++)
            {
                // The next item runs here if, taking as long as the mean so far, it ends within the budget: slow
                // handlers go to the thread pool after the first, in parallel, rather than wait for it here. Items are
                // run and handed off in the order they were deferred, which owners that keep an order rely on.
                if (unclocked == 0 && ran > 0 && elapsed + elapsed / ran > DeferredBudgetTicks)
                {
                    HandOffDeferred();
                    break;
                }

                // Claimed with one compare-and-swap, which fails once a stand-in has handed the rest off.
                if (Interlocked.CompareExchange(ref _nextDeferred, ran + 1, ran) != ran) break;
                _runHere!(_deferred[ran]);

                if (++unclocked < QuickItemsPerClockRead && _meanItemTicks < QuickItemTicks && ran + 1 < _deferredCount) continue;

                // A moving mean over about 16 items, each clock read counting up to MaxCountedItemTicks for all the
                // items since the last: a one-off pause (a collection, a first call, the thread preempted) does not count.
                var after = Stopwatch.GetTimestamp();
                var each = Math.Min(after - before, MaxCountedItemTicks) / unclocked;
                for (; unclocked > 0; unclocked--) _meanItemTicks += (each - _meanItemTicks) / 16;
                before = after;
                elapsed = after - started;
            }
        }
        finally
        {
            t_runningDeferred = outer;
        }

        if (_meanItemTicks > SlowItemTicks)
        {
            HandToThreadPoolForAWhile();
            _meanItemTicks = 0;
            Interlocked.Increment(ref _slowSpells);
            AwayWatch.CountSlowSpell();
        }

        if (!ComeBack()) return false;
        ResetDeferred();
        TakeKept(standIn: false);
        return true;
    }

    /// <summary>Forgets the items of the run that has ended; socket thread, back at home, so no stand-in reads them any more.</summary>
    private void ResetDeferred()
    {
        Array.Clear(_deferred, 0, _deferredCount);
        _deferredCount = 0;
        _nextDeferred = 0;
    }

    /// <summary>Makes <see cref="MayDefer"/> false for <see cref="PoolOnlyMs"/> milliseconds; socket thread.</summary>
    private void HandToThreadPoolForAWhile() => _poolOnlyUntil = Environment.TickCount64 + PoolOnlyMs;

    /// <summary>Starts every deferred item not yet run elsewhere, in order: this thread is not going to run them soon.</summary>
    private void HandOffDeferred()
    {
        // A socket thread past its budget and a stand-in taking over may both get here: the swap gives the rest to one.
        var next = Interlocked.Exchange(ref _nextDeferred, HandedOff);
        for (var i = next; i < _deferredCount; i++) _handOff!(_deferred[i]);
    }

    /// <summary>Takes the lead back after <see cref="RunDeferred"/>: at once, or once a stand-in has handed it over.</summary>
    private bool ComeBack()
    {
        while (true)
        {
            switch (Interlocked.CompareExchange(ref _lead, Home, Away))
            {
                case Away:
                    Monitor.Enter(Turn);
                    return true;
                case Appointed:
                    // The stand-in has not started: it finds the appointment withdrawn.
                    if (Interlocked.CompareExchange(ref _lead, Home, Appointed) != Appointed) continue;
                    Monitor.Enter(Turn);
                    return true;
                case StandingIn:
                    if (Interlocked.CompareExchange(ref _lead, Returning, StandingIn) != StandingIn) continue;
                    Inbox.Wake();
                    _handedBack.Wait();

                    // Its items block or run long, once it happens again soon: hand them to the thread pool for a while
                    // rather than have stand-ins take over again and again.
                    var now = Environment.TickCount64;
                    if (_lastStandInAt != 0 && now - _lastStandInAt < RepeatedStandInMs) HandToThreadPoolForAWhile();
                    _lastStandInAt = now;
                    Monitor.Enter(Turn);
                    return true;
                default:
                    return false;
            }
        }
    }

    /// <summary>Asks the stand-in to take over while the socket thread is away; any thread.</summary>
    private void Appoint()
    {
        if (Interlocked.CompareExchange(ref _lead, Appointed, Away) != Away) return;
        lock (_appointments)
        {
            if (_standIn is null)
            {
                _standIn = new Thread(StandIn) { IsBackground = true, Name = _name + " (stand-in)" };
                _standIn.Start();
            }
        }

        _appointments.Release();
    }

    /// <summary>The stand-in thread: leads while the socket thread is away, until it is back or the owner stops.</summary>
    private void StandIn()
    {
        while (true)
        {
            _appointments.Wait();
            var lead = Interlocked.CompareExchange(ref _lead, StandingIn, Appointed);
            if (lead == Closed) return;
            if (lead != Appointed) continue;

            Monitor.Enter(Turn);
            Interlocked.Increment(ref _standIns);
            AwayWatch.CountStandIn();
            HandOffDeferred();

            // What the items run so far kept goes before anything they queued to the inbox (which the loop takes).
            TakeKept(standIn: true);
            _serve();

            // The loop ended: the socket thread wants the socket back, or the owner stopped (then this thread closes,
            // unless the socket thread is back already and closes itself).
            if (Interlocked.CompareExchange(ref _lead, Closed, StandingIn) == StandingIn)
            {
                CloseWithTurn();
                return;
            }

            Monitor.Exit(Turn);
            Volatile.Write(ref _lead, Home);
            _handedBack.Release();
        }
    }

    /// <summary>One tick of <see cref="AwayWatch"/>: appoints the stand-in if the thread has been away since the last tick; true while it is away or was since.</summary>
    bool IAwayWatched.Tick(out bool awayNow)
    {
        var count = Volatile.Read(ref _awayCount);
        var away = Volatile.Read(ref _lead) == Away;
        awayNow = away;
        if (away && _seenAway && count == _seenAwayCount) Appoint();
        var active = away || count != _seenAwayCount;
        _seenAway = away;
        _seenAwayCount = count;
        return active;
    }

    /// <summary>Closes the inbox; call once the socket thread has stopped waiting (from its close step).</summary>
    public void Dispose() => Inbox.Dispose();
}
