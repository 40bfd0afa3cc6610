using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using NetMQ;
using ZeroContracts.Transport;

namespace ZeroContracts.Messaging;

/// <summary>
/// The receiving half shared by subscribers and pullers: one socket owned by one <see cref="SocketThread{T}"/>, which
/// decodes each message and runs its handler, or queues it in a bounded queue for handler runs on the thread pool (or
/// for an async enumerator). When the queue is full the socket thread stops reading the socket until a reader makes
/// room, so back-pressure reaches ZeroMQ's own queue and high-water mark instead of growing memory.
/// </summary>
/// <remarks>
/// Handlers run at most a given number at a time (the subscriber's one, the puller's
/// <see cref="PullerOptions.MaxConcurrentHandlers"/>); with one, in the order the messages arrived. Each run holds a
/// slot (<see cref="_runners"/>) while it goes on. The socket thread takes a slot itself when the queue is empty and
/// runs the handlers of the messages it has just read, without the socket's turn (<see cref="SocketThread{T}.RunDeferred"/>),
/// which spares a thread-pool wake-up per message or batch; what it cannot run within its budget it queues, in
/// order, for a thread-pool run, which drains the queue. A handler that keeps the socket thread away lets a stand-in
/// read on into the queue meanwhile, and nothing runs past it while it holds its slot.
/// </remarks>
internal sealed class ReceiveLoop : IDisposable
{
    /// <summary>Decodes a message on the socket thread into <paramref name="into"/>; false to skip it (the caller counted why).</summary>
    public delegate bool Decoder(ReceivedMessage frames, IncomingMessage into);

    private const int MaxMessagesPerWakeup = 256;

    private readonly NetMQSocket _socket;
    private readonly Security.CurveGateway? _gateway;
    private readonly SocketThread<IncomingMessage> _socketThread;
    private readonly ReceivedMessage _received = new();
    private readonly Channel<IncomingMessage> _queue;
    private readonly ConcurrentQueue<IncomingMessage> _pool = new();
    private readonly System.Text.Json.JsonSerializerOptions _json;
    private readonly Decoder _decode;
    private readonly Action<MessageEvent>? _onEvent;
    private readonly string _name;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _gate = new();
    private readonly int _capacity;
    private readonly int _poolLimit;
    private readonly Action _runOnPool;
    private Action<IncomingMessage>? _handle;
    private bool _inline;
    private int _maxRunners;
    private int _runners;
    private IncomingMessage? _pending;
    private int _paused;
    private int _resumeRequested;
    private int _pooled;
    private long _receivedCount;
    private long _missed;
    private long _malformed;
    private long _handlerFailures;
    private bool _started;
    private bool _disposed;

    // gateway: the CURVE gateway that carries the socket's traffic, if any; disposed with it.
    // useMailbox: false makes the socket thread wait the portable way (for tests).
    public ReceiveLoop(NetMQSocket socket, string name, int capacity, SocketOptionsBase options, Decoder decode, Action<MessageEvent>? onEvent, Security.CurveGateway? gateway = null, bool useMailbox = true)
    {
        _socket = socket;
        _gateway = gateway;
        _name = name;
        _json = options.JsonOptions;
        _decode = decode;
        _onEvent = onEvent;
        _capacity = capacity;
        _poolLimit = capacity + 16;
        _runOnPool = RunOnPool;
        _queue = Channel.CreateBounded<IncomingMessage>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = true,
        });
        _socketThread = new SocketThread<IncomingMessage>(socket, useMailbox);

        // A receiver has no call to fail when its CURVE connection cannot be made (a wrong server key, say): it says why.
        _gateway?.OnConnectFailed(why => Report(MessageEventKind.ConnectionFailed, null, why));
    }

    /// <summary>Whether the socket thread waits on the socket's mailbox (see <see cref="SocketWait.UsesMailbox"/>).</summary>
    internal bool WaitsOnMailbox => _socketThread.UsesMailbox;

    /// <summary>How many times a stand-in has taken over the socket (for tests).</summary>
    internal long StandIns => _socketThread.StandIns;

    public Task Stopped => _stopped.Task;

    public MessageStatistics Statistics => new(
        Interlocked.Read(ref _receivedCount),
        Interlocked.Read(ref _missed),
        Interlocked.Read(ref _malformed),
        Interlocked.Read(ref _handlerFailures));

    /// <summary>
    /// Starts the socket thread, which calls <paramref name="handle"/> for each message, up to <paramref name="workers"/>
    /// calls at a time, on the socket thread without the socket's turn or on the thread pool (see the remarks); or, when
    /// <paramref name="inline"/>, on the socket thread with the turn, as each message is read. Without a handler the
    /// messages wait for <see cref="TryRead"/>. False when already started.
    /// </summary>
    public bool Start(int workers, Action<IncomingMessage>? handle, bool inline = false)
    {
        lock (_gate)
        {
            if (_disposed) throw new ObjectDisposedException(_name);
            if (_started) return false;
            _started = true;
        }

        _handle = handle;
        _inline = handle is not null && inline;
        _maxRunners = workers;
        _socketThread.Start(_name, Serve, Close, RunHere, HandOff);
        return true;
    }

    /// <summary>Waits until a message is queued; false once the loop is disposed.</summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => _queue.Reader.WaitToReadAsync(cancellationToken);

    /// <summary>Takes the next queued message; the caller gives it back with <see cref="Return"/>.</summary>
    public bool TryRead(out IncomingMessage message)
    {
        if (!_queue.Reader.TryRead(out message!)) return false;

        // The socket thread stopped reading because the queue was full: there is room now.
        if (Volatile.Read(ref _paused) == 1 && Interlocked.Exchange(ref _resumeRequested, 1) == 0)
        {
            lock (_gate)
            {
                if (!_disposed) _socketThread.Inbox.Wake();
            }
        }

        return true;
    }

    public void Return(IncomingMessage message)
    {
        message.Reset();
        if (!Volatile.Read(ref _disposed))
        {
            if (Interlocked.Increment(ref _pooled) <= _poolLimit)
            {
                _pool.Enqueue(message);
                return;
            }

            Interlocked.Decrement(ref _pooled);
        }

        message.Body.Release();
    }

    public void CountMissed(long count) => Interlocked.Add(ref _missed, count);

    /// <summary>Counts and reports a message that does not follow docs/protocol.md; false, for decoders to return.</summary>
    public bool DropMalformed(string? topic, string message, Exception? exception = null)
    {
        Interlocked.Increment(ref _malformed);
        Report(MessageEventKind.MalformedMessageDropped, topic, message, exception: exception);
        return false;
    }

    /// <summary>Counts and reports a message whose arguments could not be decoded, for handlers and streams alike.</summary>
    public void DropUndecodable(IncomingMessage message, Wire.WireFormatException e) =>
        DropMalformed(message.Describe(), $"A '{message.Describe()}' message could not be decoded: {e.Message}", e);

    /// <summary>Bare framing, the same for subscribers and pullers (docs/protocol.md 5, 6): one frame, the body of the contract's one method.</summary>
    public bool DecodeBare(ReceivedMessage frames, IncomingMessage into, string name)
    {
        var count = frames.Count + frames.ExtraFrames;
        if (count != 1) return DropMalformed(null, $"A Bare message must be one frame; it had {count}.");
        into.Target = 0;
        into.Name = name;
        into.Body.Write(frames[0]);
        into.HasBody = true;
        return true;
    }

    public void CountHandlerFailure() => Interlocked.Increment(ref _handlerFailures);

    public void Report(MessageEventKind kind, string? topic, string message, long count = 0, Exception? exception = null)
    {
        if (_onEvent is null) return;
        try
        {
            _onEvent(new MessageEvent(kind, topic, message, count, exception));
        }
        catch (Exception)
        {
            // A faulty event handler must not stop the receiver.
        }
    }

    /// <summary>Runs the generated handler of <paramref name="message"/>; what it throws is counted and reported, never rethrown.</summary>
    public void Invoke<TService>(MessageTable<TService> table, TService service, IncomingMessage message)
    {
        try
        {
            table.Handler(message.Target)(service, message);
        }
        catch (Wire.WireFormatException e)
        {
            DropUndecodable(message, e);
        }
        catch (Exception e)
        {
            CountHandlerFailure();
            Report(MessageEventKind.HandlerFailed, message.Describe(), $"The handler of '{message.Describe()}' threw {e.GetType().FullName}: {e.Message}", exception: e);
        }
    }

    // ---- handler runs ----

    /// <summary>Takes a handler slot if one is free; any thread.</summary>
    private bool TryTakeSlot()
    {
        var runners = Volatile.Read(ref _runners);
        while (runners < _maxRunners)
        {
            var seen = Interlocked.CompareExchange(ref _runners, runners + 1, runners);
            if (seen == runners) return true;
            runners = seen;
        }

        return false;
    }

    /// <summary>Starts thread-pool runs while queued messages wait and slots are free; any thread.</summary>
    private void StartRuns()
    {
        // The socket thread asks after each message it queues: while every slot is taken, which is when it queues
        // most, it learns that without the queue's lock.
        while (Volatile.Read(ref _runners) < _maxRunners && _queue.Reader.Count > 0 && TryTakeSlot())
        {
            ThreadPool.UnsafeQueueUserWorkItem(static run => ((Action)run!)(), _runOnPool, preferLocal: false);
        }
    }

    /// <summary>A thread-pool run, holding a slot: handles queued messages until none is left, then gives the slot back.</summary>
    private void RunOnPool()
    {
        var token = _stopping.Token;
        while (true)
        {
            while (!token.IsCancellationRequested && TryRead(out var message)) RunHere(message);

            // A message queued after the last read but before the slot was free found no slot: take it back for it.
            Interlocked.Decrement(ref _runners);
            if (token.IsCancellationRequested || _queue.Reader.Count == 0 || !TryTakeSlot()) return;
        }
    }

    /// <summary>Runs the handler of a message and gives the message back; socket thread or a thread-pool run, holding a slot.</summary>
    private void RunHere(IncomingMessage message)
    {
        try
        {
            _handle!(message);
        }
        finally
        {
            Return(message);
        }
    }

    /// <summary>
    /// Queues a message deferred to the socket thread that it is not going to run itself (past its budget, or a stand-in
    /// took over), in the order they were deferred; a thread-pool run takes it once the socket thread's slot is free.
    /// </summary>
    private void HandOff(IncomingMessage message)
    {
        // The socket thread defers at most the queue's capacity, and only when the queue is empty, and nothing else is
        // queued until every deferred message is run or handed off: it fits. Were it ever not to, it runs here rather
        // than be lost.
        if (!_queue.Writer.TryWrite(message))
        {
            RunHere(message);
            return;
        }

        // Where more handlers than one may run at once, a free slot takes it now: the one it waits behind may block.
        StartRuns();
    }

    // ---- socket thread (or its stand-in), holding the turn, from here on ----

    /// <summary>The socket thread's loop: reads, runs or queues what it read, and waits; <see cref="Close"/> follows it.</summary>
    private void Serve()
    {
        while (!Volatile.Read(ref _disposed) && _socketThread.Leads)
        {
            var deferred = 0;
            var more = ReceiveMessages(ref deferred);
            if (deferred > 0)
            {
                // The slot taken for them is free once they have run here or been queued; false: a stand-in closed
                // everything meanwhile (disposed), and the loop ends.
                var back = _socketThread.RunDeferred();
                Interlocked.Decrement(ref _runners);
                if (!back) return;
                StartRuns();

                // Read again before waiting: a stand-in that led meanwhile may have left messages that the socket's
                // mailbox will not announce again (see SocketWait).
                continue;
            }

            if (Volatile.Read(ref _disposed) || !_socketThread.Leads) break;
            if (more) continue;

            // With a message held back (a full queue) the socket's mailbox stays readable until the socket is read
            // again, so then only a reader that makes room wakes the thread (TryRead).
            _socketThread.Wait(-1, keepTurn: true, includeSocket: _pending is null);
        }
    }

    /// <summary>
    /// Reads messages until a receive finds nothing or the queue is full (false), or up to
    /// <see cref="MaxMessagesPerWakeup"/> (true: more may wait). Each is handled here (inline), deferred to the socket
    /// thread (counted in <paramref name="deferred"/>), or queued.
    /// </summary>
    private bool ReceiveMessages(ref int deferred)
    {
        // A reader asks for a resume once until this clears it: also when the pause it saw was a brief one in Offer,
        // whose wake-up a wait has taken since; a request left standing would keep the next pause from being resumed.
        if (Volatile.Read(ref _resumeRequested) != 0) Volatile.Write(ref _resumeRequested, 0);
        if (_pending is not null)
        {
            if (!Offer(_pending)) return false;
            _pending = null;
            Volatile.Write(ref _paused, 0);
            StartRuns();
        }

        for (var n = 0; n < MaxMessagesPerWakeup; n++)
        {
            if (Volatile.Read(ref _disposed) || !_received.TryReceive(_socket)) return false;
            var message = Rent();
            if (!_decode(_received, message))
            {
                Return(message);
                continue;
            }

            Interlocked.Increment(ref _receivedCount);
            if (_inline)
            {
                // The next message is read only when the handler returns, so back-pressure is as with a full queue.
                RunHere(message);
                if (Volatile.Read(ref _disposed)) return false;
                continue;
            }

            if (deferred > 0 || (_handle is not null && _socketThread.MayDefer && _queue.Reader.Count == 0 && TryTakeSlot()))
            {
                _socketThread.Defer(message);

                // As many as the queue holds: the ones the thread cannot run in time are handed to it (HandOff).
                if (++deferred == _capacity) return true;
                continue;
            }

            if (!Offer(message))
            {
                _pending = message;
                StartRuns();
                return false;
            }

            if (_handle is not null) StartRuns();
        }

        return true;
    }

    /// <summary>Queues a message; when the queue is full, announces the pause and returns false.</summary>
    private bool Offer(IncomingMessage message)
    {
        if (_queue.Writer.TryWrite(message)) return true;

        // Announce the pause before the last try, so a reader that makes room after it is sure to see it and resume us.
        Volatile.Write(ref _paused, 1);
        if (_queue.Writer.TryWrite(message))
        {
            Volatile.Write(ref _paused, 0);
            return true;
        }

        return false;
    }

    private IncomingMessage Rent()
    {
        if (_pool.TryDequeue(out var message))
        {
            Interlocked.Decrement(ref _pooled);
            return message;
        }

        return new IncomingMessage(_json);
    }

    /// <summary>
    /// Stops at once: the socket closes, queued messages are dropped, a handler already running finishes on its own
    /// (one the socket thread runs is left to it while a stand-in closes). From a handler on the socket thread it only
    /// asks: the socket closes once that handler returns.
    /// </summary>
    public void Dispose()
    {
        bool started;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            started = _started;
        }

        _stopping.Cancel();
        if (started) _socketThread.Stop();
        else Close();
    }

    /// <summary>Closes everything: on the socket thread (or its stand-in) with the turn, or on the disposing thread if it never started.</summary>
    private void Close()
    {
        _gateway?.Dispose();
        _socket.Dispose();
        _socketThread.Dispose();
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var queued)) queued.Body.Release();
        _pending?.Body.Release();
        _pending = null;
        while (_pool.TryDequeue(out var pooled)) pooled.Body.Release();
        _received.Release();
        _stopped.TrySetResult();
    }
}
