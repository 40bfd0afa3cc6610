using System;
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
/// </remarks>
/// <typeparam name="T">The items other threads hand to the socket thread.</typeparam>
internal sealed class SocketThread<T> : IDisposable
{
    private readonly SocketWait _wait;
    private Thread? _thread;
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
    public void Start(string name, Action serve, Action close)
    {
        _thread = new Thread(() =>
        {
            Monitor.Enter(Turn);
            try
            {
                serve();
            }
            finally
            {
                try
                {
                    close();
                }
                finally
                {
                    Monitor.Exit(Turn);
                }
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        _thread.Start();
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
    public bool Wait(long timeoutMs, bool keepTurn)
    {
        bool woken;
        Volatile.Write(ref _waitsWithoutLimit, timeoutMs < 0);
        Volatile.Write(ref _isWaiting, true);
        if (keepTurn)
        {
            woken = _wait.Wait(timeoutMs);
        }
        else
        {
            Monitor.Exit(Turn);
            try
            {
                woken = _wait.Wait(timeoutMs);
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
    /// Wakes the socket thread, which is to see that its owner stops, and waits until it has closed everything. From the
    /// socket thread itself it does neither: the thread sees the stop once the code calling this returns. From a thread
    /// holding the turn it only wakes it, since the thread stops once that turn ends.
    /// </summary>
    public void Stop()
    {
        if (IsCurrent) return;
        Inbox.Wake();
        if (HoldsTurn) return;
        _thread!.Join();
    }

    /// <summary>Closes the inbox; call once the socket thread has stopped waiting (from its close step).</summary>
    public void Dispose() => Inbox.Dispose();
}
