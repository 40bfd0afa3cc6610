using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using NetMQ;
using NetMQ.Sockets;
using ZeroContracts.Transport;
using ZeroContracts.Wire;

namespace ZeroContracts.Rpc;

/// <summary>
/// The engine behind every generated request/reply server: one ROUTER socket served by one socket thread, which
/// decodes requests, hands them to handlers on the thread pool (at most <see cref="ServerOptions.MaxConcurrentCalls"/>
/// at once) and sends their replies. Nothing a client sends can stop it: malformed requests are answered with an
/// error or dropped (docs/protocol.md section 4).
/// </summary>
/// <remarks>
/// Whoever touches the socket, or the state that goes with it, holds the socket's turn (<see cref="SocketThread{T}"/>):
/// the socket thread, which lets go of it only while it waits, or a handler thread that has just finished and found the
/// socket free, which then sends the replies itself instead of handing them back to the socket thread (one thread hop
/// fewer a call). No handler runs while a handler thread holds the turn, so user code never runs on the socket's turn
/// unless <see cref="ServerOptions.RunHandlersInline"/> asks for it.
/// </remarks>
/// <typeparam name="TService">The contract interface.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed partial class RpcServer<TService> : IServerCallRunner, IDisposable, IAsyncDisposable
    where TService : class
{
    private const int MaxMessagesPerWakeup = 256;

    // Sent by reference on every reply (FrameSender.TrySendShared); never written to.
    private static readonly byte[] OkFrame = Frames.Ok.ToArray();
    private static readonly byte[] ErrorFrame = Frames.Error.ToArray();

    private readonly TService _service;
    private readonly OperationTable<TService> _operations;
    private readonly ServerOptions _options;
    private readonly RouterSocket _socket;
    private readonly FrameSender _sender;
    private readonly Security.CurveGateway? _gateway;
    private readonly SocketThread<ServerCall> _socketThread;
    private readonly SocketInbox<ServerCall> _completed;
    private readonly ReceivedMessage _received = new();
    private readonly ResumeWave _handlers = new();
    private readonly Stack<ServerCall> _pool = new();
    private readonly Queue<ServerCall> _waiting = new();
    private readonly Dictionary<int, ServerCall> _inProgress = new();
    private readonly HeldReplies _held;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _gate = new();
    private int _running;
    private long _repliesDone;
    private int _started;
    private bool _disposed;

    /// <summary>Binds (by default) to <paramref name="endpoint"/>; call <see cref="Start"/> or <see cref="RunAsync"/> to serve.</summary>
    /// <param name="service">The implementation to serve.</param>
    /// <param name="endpoint">One or more comma-separated endpoints; <c>@</c> binds, <c>&gt;</c> connects.</param>
    /// <param name="operations">The contract's operations.</param>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    public RpcServer(TService service, string endpoint, OperationTable<TService> operations, ServerOptions? options)
        : this(service, endpoint, operations, options, useMailbox: true)
    {
    }

    /// <summary>As the public constructor; <paramref name="useMailbox"/> false makes the socket thread wait the portable way (for tests).</summary>
    internal RpcServer(TService service, string endpoint, OperationTable<TService> operations, ServerOptions? options, bool useMailbox)
    {
        _service = service ?? throw new ArgumentNullException(nameof(service));
        _operations = operations ?? throw new ArgumentNullException(nameof(operations));
        _options = options ?? new ServerOptions();
        _options.Validate();
        JsonOptions = _options.JsonOptions;
        _held = new HeldReplies(_options.MaxHeldReplies);

        _socket = new RouterSocket();
        _sender = new FrameSender(_socket);
        try
        {
            Endpoints.Configure(_socket, _options);

            // A reply the ROUTER cannot queue is refused, not dropped without a word: it waits in _held (HeldReplies).
            _socket.Options.RouterMandatory = true;
            Endpoint = Endpoints.Attach(_socket, endpoint, bindByDefault: true, _options, out _gateway);

            // One thread serves the socket and waits on it and on its inbox with one select (SocketWait), instead of a
            // NetMQPoller, whose select over several sockets costs more per round trip (docs/performance.md).
            _socketThread = new SocketThread<ServerCall>(_socket, useMailbox);
        }
        catch
        {
            _gateway?.Dispose();
            _socket.Dispose();
            throw;
        }

        _completed = _socketThread.Inbox;
    }

    /// <summary>How many times a stand-in thread has taken over the socket from a socket thread kept away by user code (for tests).</summary>
    internal long StandIns => _socketThread.StandIns;

    /// <summary>How many times handlers ran slow enough on the socket thread for it to hand them to the thread pool for a while (for tests).</summary>
    internal long SlowSpells => _socketThread.SlowSpells;

    /// <summary>Whether the socket thread waits with one select on the ROUTER's mailbox (see <see cref="SocketWait"/>).</summary>
    internal bool WaitsOnMailbox => _socketThread.UsesMailbox;

    /// <summary>How many frames the socket sent without a mailbox check, each after its message's first (for tests; see <see cref="FrameSender"/>).</summary>
    internal long ContinuationFrames => _sender.ContinuationFrames;

    /// <summary>How many drains of the socket ended with a receive that skipped the mailbox check (for tests; see <see cref="ReceivedMessage"/>).</summary>
    internal long QuietReceiveMisses => _received.QuietMisses;

    /// <summary>How many times the socket thread has ended a wait (for tests: an idle server should not wake).</summary>
    internal long WaitCount => _socketThread.WaitCount;

    /// <summary>Whether the socket thread waits without a time limit now (for tests; see <see cref="SocketThread{T}.WaitsWithoutLimit"/>).</summary>
    internal bool WaitsWithoutLimit => _socketThread.WaitsWithoutLimit;

    /// <summary>The most replies that have waited at once for their clients' queues to have room (for tests; see <see cref="HeldReplies"/>).</summary>
    internal int PeakHeldReplies => _held.Peak;

    /// <summary>How many replies (not in batches) have been sent, held or dropped (for tests).</summary>
    internal long RepliesDone => Volatile.Read(ref _repliesDone);

    /// <summary>Whether handlers started on the thread pool are still running (for tests).</summary>
    internal bool HandlersPending => _handlers.HasPending;

    /// <summary>The endpoints the server is attached to, with the real port of each bind (so <c>tcp://127.0.0.1:*</c> can be used).</summary>
    public string Endpoint { get; }

    /// <summary>The serializer settings in use.</summary>
    public JsonSerializerOptions JsonOptions { get; }

    /// <summary>Starts serving on a background thread; calling it again does nothing.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_disposed) throw new ObjectDisposedException(GetType().Name);
            if (_started++ > 0) return;

            // Started under the gate so that Dispose sees either no thread or a running one.
            _socketThread.Start("ZeroContracts server " + Endpoint, Serve, Stopped, RunDeferred, StartOnPool, ReplyKept);
        }
    }

    /// <summary>Serves until <paramref name="cancellationToken"/> is cancelled or the server is disposed, then stops.</summary>
    /// <param name="cancellationToken">Stops the server.</param>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        Start();
        using (cancellationToken.UnsafeRegister(static state => ((RpcServer<TService>)state!).Dispose(), this))
        {
            await _stopped.Task.ConfigureAwait(false);
        }
    }

    // ---- handler side (thread pool) ----

    void IServerCallRunner.Run(ServerCall call)
    {
        // A member of the handlers' wave: a reply ready when the handler returns is queued quietly, and the last handler
        // of the wave sends them all, or wakes the socket thread once for all, so the replies to one request batch go
        // back as one batch.
        var outer = _handlers.Enter();
        try
        {
            if (Invoke(call)) Finish(call);
        }
        finally
        {
            if (_handlers.Exit(outer)) SendRepliesOrNudge();
        }
    }

    void IServerCallRunner.HandlerCompleted(ServerCall call, ValueTask handlerTask)
    {
        End(call, handlerTask);
        Finish(call);
    }

    /// <summary>
    /// Runs the call's handler; true when it has finished and the call holds its reply, false when it awaits
    /// something and will finish through <see cref="IServerCallRunner.HandlerCompleted"/> on whatever thread resumes it.
    /// </summary>
    private bool Invoke(ServerCall call)
    {
        ValueTask task;
        try
        {
            task = ((OperationHandler<TService>)call.Handler!)(_service, call);
        }
        catch (Exception e)
        {
            Fail(call, e);
            return true;
        }

        if (!task.IsCompleted)
        {
            call.AwaitHandler(task);
            return false;
        }

        End(call, task);
        return true;
    }

    /// <summary>Observes a finished handler's task, turning its exception into the call's error reply.</summary>
    private void End(ServerCall call, ValueTask handlerTask)
    {
        try
        {
            handlerTask.GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            Fail(call, e);
        }
    }

    /// <summary>Turns a handler's exception into an error reply, revealing only what <see cref="ServerOptions.ExceptionDetail"/> allows.</summary>
    private void Fail(ServerCall call, Exception e)
    {
        switch (e)
        {
            case WireFormatException wire:
                call.SetError(ErrorCodes.BadRequest, $"Request to '{call.Operation}' could not be decoded: {wire.Message}");
                Report(ServerEventKind.RequestRejected, call.Operation, wire.Message, wire);
                return;
            case RemoteException remote:
                call.SetError(remote.Code, remote.Message);
                return;
            case OperationCanceledException when call.CancelledByClient:
                // Nobody waits for this reply (it is not sent): the client asked for the cancellation.
                call.SetError("cancelled", "The client cancelled the call.");
                return;
            case OperationCanceledException when _stopping.IsCancellationRequested:
                call.SetError(ErrorCodes.Unavailable, "The server stopped before the call finished.");
                return;
        }

        Report(ServerEventKind.HandlerFailed, call.Operation, $"Handler of '{call.Operation}' threw {e.GetType().FullName}: {e.Message}", e);
        switch (_options.ExceptionDetail)
        {
            case ExceptionDetail.Full:
                call.SetError(ErrorCodes.Internal, e.Message, e.GetType().FullName, e.StackTrace);
                break;
            case ExceptionDetail.Message:
                call.SetError(ErrorCodes.Internal, e.Message, e.GetType().FullName);
                break;
            default:
                call.SetError(ErrorCodes.Internal, $"The server failed to process '{call.Operation}'.");
                break;
        }
    }

    /// <summary>Hands a finished call back for its reply: sent from here when the socket is free, else by the socket thread.</summary>
    private void Finish(ServerCall call)
    {
        // A handler run on the socket thread without the turn keeps its reply there, for that thread to send as it comes
        // back, with the replies of the other handlers it ran, or for a stand-in that takes over meanwhile (ReplyKept).
        if (_socketThread.TryKeep(call)) return;
        lock (_gate)
        {
            // After Dispose the socket is gone: the reply has nowhere to go. Its buffers are left to the garbage
            // collector, not released: until Dispose has stopped the socket thread, a turn at the socket may still read
            // this call's envelope (a cancel looks calls up by it).
            if (_disposed) return;
            _completed.EnqueueQuietly(call);
        }

        // A member of the handlers' wave leaves its reply to the wave's last member, a handler run on the socket thread
        // that could not keep it to that thread, which sends it once it has the turn back (unless a stand-in leads
        // meanwhile: see IsRunningDeferred).
        if (!_handlers.IsRunningHere && !_socketThread.IsRunningDeferred) SendRepliesOrNudge();
    }

    /// <summary>
    /// Sends the replies handed back so far from this thread, taking the socket's turn, when the socket is free: the
    /// socket thread is waiting and no other thread is sending. Otherwise wakes the socket thread for them, unless it is
    /// awake already (<see cref="Inbox{T}.Nudge"/>), since whoever holds the turn takes every reply before it lets go.
    /// </summary>
    /// <remarks>
    /// Not with <see cref="ServerOptions.RunHandlersInline"/>, whose turn may start handlers, and not when this thread
    /// holds the turn already (a handler, or an event handler, completed another handler's task synchronously): that
    /// turn is not finished with the socket.
    /// </remarks>
    private void SendRepliesOrNudge()
    {
        if (_options.RunHandlersInline || _socketThread.HoldsTurn || !_socketThread.TryTakeTurn())
        {
            // After Dispose the inbox wakes nobody (SocketInbox).
            _completed.Nudge();
            return;
        }

        try
        {
            // After Dispose the socket thread closes the socket as soon as it gets the turn, or has already.
            if (!Volatile.Read(ref _disposed)) TakeTurn(onSocketThread: false);
        }
        finally
        {
            _socketThread.EndTurn();
        }
    }

    private void Report(ServerEventKind kind, string? operation, string message, Exception? exception = null)
    {
        var onEvent = _options.OnEvent;
        if (onEvent is null) return;
        try
        {
            onEvent(new ServerEvent(kind, operation, message, exception));
        }
        catch (Exception)
        {
            // A faulty event handler must not take the server down with it.
        }
    }

    // ---- holder of the socket's turn from here on: the socket thread, or a handler thread in SendRepliesOrNudge ----

    /// <summary>The socket thread's loop, with the turn held except while it waits; <see cref="Stopped"/> follows it.</summary>
    private void Serve()
    {
        var woken = true;
        while (!Volatile.Read(ref _disposed) && _socketThread.Leads)
        {
            var foundWork = TakeTurn(onSocketThread: true) || woken;
            while (_socketThread.HasDeferred)
            {
                // Handlers started by this turn run here, without the turn; their replies go out with the next.
                // False: a stand-in closed the server meanwhile.
                if (!_socketThread.RunDeferred()) return;
                TakeTurn(onSocketThread: true);
            }

            if (Volatile.Read(ref _disposed) || !_socketThread.Leads) break;

            // While handlers started on the thread pool are still running, their replies may be queued quietly
            // (ResumeWave): wait at most a moment for the last one to send them before taking them anyway. The wait is
            // the only time the socket thread lets go of the turn, for a handler thread that finishes meanwhile; but
            // the NetMQSelector fallback reads the socket's state while it waits, so there it keeps the turn and
            // handler threads always wake it instead.
            var timeout = _handlers.HasPending ? _handlers.NextHold(foundWork) : -1;
            if (_held.Count > 0) timeout = timeout < 0 ? _held.RetryDelayMs : Math.Min(timeout, _held.RetryDelayMs);
            woken = _socketThread.Wait(timeout, keepTurn: !_socketThread.UsesMailbox);
        }
    }

    /// <summary>Stopped for good, by Dispose or by a failure: closes everything, on the socket thread with the turn.</summary>
    private void Stopped()
    {
        // A handler thread that finishes later must not take a turn.
        lock (_gate) _disposed = true;
        Close();
    }

    /// <summary>
    /// One turn at the socket: sends the replies handed back and starts calls that waited for a slot, then handles
    /// what arrived, <see cref="MaxMessagesPerWakeup"/> messages at a time so that neither starves the other, until a
    /// receive has found nothing after the last send and no reply is left (SocketWait needs that before the socket
    /// thread waits again). A handler thread stops after <see cref="MaxMessagesPerWakeup"/> messages and wakes the
    /// socket thread for the rest, so it soon returns to its handlers. True when there was anything to do.
    /// </summary>
    private bool TakeTurn(bool onSocketThread)
    {
        var foundWork = false;
        var budget = MaxMessagesPerWakeup;
        while (true)
        {
            // Replies handed back from here on need no wake-up: they are taken below before the turn ends.
            _completed.HoldWakeUps();
            foundWork |= SendReplies();
            var drained = ReceiveRequests(ref budget, ref foundWork);
            if (Volatile.Read(ref _disposed)) return foundWork;

            // A reply handed back after this wakes the socket thread; one handed back before it is taken here.
            _completed.Acknowledge();
            if (drained && _completed.IsEmpty) return foundWork;
            if (onSocketThread)
            {
                budget = MaxMessagesPerWakeup;
            }
            else if (!drained)
            {
                _completed.Wake();
                return foundWork;
            }
        }
    }

    /// <summary>Handles received messages until a receive finds nothing (true) or <paramref name="budget"/> is spent (false).</summary>
    private bool ReceiveRequests(ref int budget, ref bool foundWork)
    {
        while (budget > 0 && !Volatile.Read(ref _disposed))
        {
            if (!_received.TryReceive(_socket)) return true;
            budget--;
            foundWork = true;
            Accept(_received);

            // Handlers this message started run now, on the socket thread without the turn (SocketThread.RunDeferred),
            // and their replies go out before the next receive, so the client has them while this thread reads on.
            // False: a stand-in closed the server meanwhile (it was disposed), and the loop ends.
            if (_socketThread.HasDeferred && _socketThread.RunDeferred()) SendReplies();
        }

        return false;
    }

    private void Accept(ReceivedMessage message)
    {
        // [identity] [envelope...] [] [content...]: find the delimiter that ends the envelope (docs/protocol.md 2.1).
        var delimiter = -1;
        for (var i = 1; i < message.Count && i <= Frames.MaxEnvelopeFrames + 1; i++)
        {
            if (message[i].Length == 0)
            {
                delimiter = i;
                break;
            }

            if (message[i].Length > Frames.MaxEnvelopeFrameSize) break;
        }

        if (delimiter < 0)
        {
            Report(ServerEventKind.MalformedMessageDropped, null, "A message without a valid envelope was dropped; it cannot be answered.");
            return;
        }

        if (_operations.Framing == Framing.Typed && message.Count == delimiter + 2 && message.ExtraFrames == 0 && message[delimiter + 1].SequenceEqual(Frames.Cancel))
        {
            Cancel(message, delimiter);
            return;
        }

        if (_operations.Framing == Framing.Typed && IsBatchRequest(message, delimiter))
        {
            AcceptBatch(message, delimiter);
            return;
        }

        var call = Rent();
        call.Load(message, delimiter);
        var contentFrames = message.Count - delimiter - 1 + message.ExtraFrames;

        if (_operations.Framing == Framing.Bare)
        {
            var entry = _operations.Single;
            call.Operation = entry.Name;
            call.Handler = entry.Handler;
            if (contentFrames != 1)
            {
                Reject(call, ErrorCodes.BadRequest, $"A request to '{entry.Name}' (Bare framing) must be exactly one frame; it had {contentFrames}.");
                return;
            }

            call.TakeBody(message, delimiter + 1, 0);
            Dispatch(call);
            return;
        }

        // [header 0xFF body] is the compact form, [header] [body]? the separate one; the reply takes the same form.
        call.ReplyCompact = CompactFrame.TrySplit(contentFrames > 0 ? message[delimiter + 1] : default, out var header, out var bodyStart);
        if (call.ReplyCompact ? contentFrames != 1 : contentFrames is < 1 or > 2)
        {
            Reject(call, ErrorCodes.BadRequest, call.ReplyCompact
                ? $"A compact request ([header 0xFF body]) must be one frame; it had {contentFrames} frames."
                : $"A request must be a header frame and at most one body frame; it had {contentFrames} frames.");
            return;
        }

        switch (Header.TryReadOperation(header, out var name))
        {
            case Header.Result.UnsupportedVersion:
                Reject(call, ErrorCodes.UnsupportedVersion, $"Protocol version in '{Header.Printable(header)}' is not supported; this server speaks version 1 and batches of version 2.");
                return;
            case Header.Result.Malformed:
                Reject(call, ErrorCodes.BadRequest, $"'{Header.Printable(header)}' is not a valid operation name.");
                return;
        }

        if (!TryBind(call, name)) return;
        if (call.ReplyCompact) call.TakeBody(message, delimiter + 1, bodyStart);
        else if (contentFrames == 2) call.TakeBody(message, delimiter + 2, 0);
        Dispatch(call);
    }

    /// <summary>Gives <paramref name="call"/> the operation <paramref name="name"/> names; false, having answered <c>unknown_operation</c>, when there is none.</summary>
    private bool TryBind(ServerCall call, ReadOnlySpan<byte> name)
    {
        var operation = _operations.Find(name);
        if (operation is null)
        {
            Reject(call, ErrorCodes.UnknownOperation, $"Operation '{Header.Printable(name)}' is not part of {_operations.ContractName}.");
            return false;
        }

        call.Operation = operation.Name;
        call.Handler = operation.Handler;
        return true;
    }

    /// <summary>A client's cancel: the call with the same envelope stops waiting or is told to stop (docs/protocol.md 4.1).</summary>
    private void Cancel(ReceivedMessage message, int delimiter)
    {
        // Unknown calls (finished already, or sent to another server of a multi-endpoint client) are ignored silently.
        _inProgress.TryGetValue(Envelope.HashOf(message, delimiter), out var call);
        while (call is not null && !call.Envelope.Matches(message, delimiter)) call = call.NextWithSameKey;
        if (call is null || call.CancelledByClient) return;

        call.CancelByClient();
        Report(ServerEventKind.CallCancelled, call.Operation, $"The client cancelled its call of '{call.Operation}'.");
    }

    /// <summary>Notes a call that a cancel may name; hash collisions chain through <see cref="ServerCall.NextWithSameKey"/>.</summary>
    private void Track(ServerCall call)
    {
        call.NextWithSameKey = _inProgress.TryGetValue(call.Envelope.Hash, out var first) ? first : null;
        _inProgress[call.Envelope.Hash] = call;
    }

    private void Untrack(ServerCall call)
    {
        if (!_inProgress.TryGetValue(call.Envelope.Hash, out var first)) return;
        if (first == call)
        {
            if (call.NextWithSameKey is null) _inProgress.Remove(call.Envelope.Hash);
            else _inProgress[call.Envelope.Hash] = call.NextWithSameKey;
        }
        else
        {
            var previous = first;
            while (previous.NextWithSameKey is not null && previous.NextWithSameKey != call) previous = previous.NextWithSameKey;
            previous.NextWithSameKey = call.NextWithSameKey;
        }

        call.NextWithSameKey = null;
    }

    private void Dispatch(ServerCall call)
    {
        if (_operations.Framing == Framing.Typed) Track(call);
        if (_running < _options.MaxConcurrentCalls)
        {
            _running++;
            Run(call);
        }
        else if (_waiting.Count < _options.MaxQueuedCalls)
        {
            _waiting.Enqueue(call);
        }
        else
        {
            Untrack(call);
            Reject(call, ErrorCodes.Overloaded, $"The server is busy: {_options.MaxConcurrentCalls} calls running and {_options.MaxQueuedCalls} waiting.");
        }
    }

    /// <summary>
    /// Starts a call that has a handler slot: right here with <see cref="ServerOptions.RunHandlersInline"/>; otherwise
    /// on the socket thread once it has let go of the turn (<see cref="SocketThread{T}.RunDeferred"/>), or on the thread pool.
    /// </summary>
    private void Run(ServerCall call)
    {
        if (!_options.RunHandlersInline)
        {
            if (_socketThread.MayDefer) _socketThread.Defer(call);
            else StartOnPool(call);
            return;
        }

        // A handler that finishes without awaiting is answered at once: no handoff to another thread and back.
        if (Invoke(call)) Reply(call);
    }

    /// <summary>Runs a call's handler on the thread pool, as a member of the handlers' <see cref="ResumeWave"/>; any thread.</summary>
    private void StartOnPool(ServerCall call)
    {
        _handlers.Add();
        ThreadPool.UnsafeQueueUserWorkItem(call, preferLocal: false);
    }

    /// <summary>Runs a call's handler on the socket thread without the turn (<see cref="SocketThread{T}.RunDeferred"/>).</summary>
    private void RunDeferred(ServerCall call)
    {
        if (Invoke(call)) Finish(call);
    }

    /// <summary>
    /// Sends the reply a handler run on the socket thread kept there (<see cref="SocketThread{T}.TryKeep"/>); with the
    /// turn, before the replies in the inbox. After Dispose it is dropped, as <see cref="Finish"/> drops one.
    /// </summary>
    private void ReplyKept(ServerCall call)
    {
        if (!Volatile.Read(ref _disposed)) Reply(call);
    }

    /// <summary>Answers a request with an error without running a handler.</summary>
    private void Reject(ServerCall call, string code, string message)
    {
        Report(ServerEventKind.RequestRejected, call.Operation.Length > 0 ? call.Operation : null, message);
        call.SetError(code, message);
        if (call.Batch is not null) AddToReplyBatch(call);
        else SendReply(call);
        Return(call);
    }

    /// <summary>Sends every reply handed back so far, then starts calls that waited for a slot; true when there was a reply.</summary>
    private bool SendReplies()
    {
        // Replies held for a full queue go first, so that a client's replies leave in the order they were ready.
        if (_held.Count > 0) _held.Retry(_sender, ReportClientGone);
        var any = false;
        while (_completed.TryDequeue(out var call))
        {
            Reply(call);
            any = true;
        }

        while (_waiting.Count > 0 && _running < _options.MaxConcurrentCalls)
        {
            var next = _waiting.Dequeue();
            if (next.CancelledByClient)
            {
                // Its client gave up while it waited for a slot: it never runs.
                Untrack(next);
                Return(next);
                continue;
            }

            _running++;
            Run(next);
        }

        SendReplyBatches();
        return any;
    }

    /// <summary>Sends a finished call's reply and frees its handler slot.</summary>
    private void Reply(ServerCall call)
    {
        if (call.Batch is not null) AddToReplyBatch(call);
        else if (!call.CancelledByClient) SendReply(call);
        Untrack(call);
        Return(call);
        _running--;
    }

    /// <summary>
    /// Sends <paramref name="envelope"/> and the delimiter, the start of every reply: true when the rest must follow;
    /// false when the reply must wait, as its client's queue is full or replies to it wait already; null when the
    /// client has disconnected (<see cref="HeldReplies.TrySendIdentity"/>).
    /// </summary>
    private bool? TrySendEnvelope(Envelope envelope)
    {
        if (_held.Count > 0 && _held.IsHolding(envelope.Frame(0))) return false;
        if (HeldReplies.TrySendIdentity(_sender, envelope.Frame(0)) is not true and var refused) return refused;
        for (var i = 1; i < envelope.FrameCount; i++) _sender.TrySend(envelope.Frame(i), more: true);
        _sender.TrySend(ReadOnlySpan<byte>.Empty, more: true);
        return true;
    }

    private void SendReply(ServerCall call)
    {
        var started = TrySendEnvelope(call.Envelope);
        if (started != true)
        {
            HoldOrDrop(call.Envelope, started is null ? null : ReplyContent(call), call.Operation);
            CountReplyDone();
            return;
        }

        if (_operations.Framing == Framing.Typed)
        {
            var status = call.ReplyIsError ? ErrorFrame : OkFrame;
            if (call.ReplyCompact && call.ReplyHasBody)
            {
                _sender.TrySendCompact(status, call.ReplyBody.WrittenSpan, more: false);
            }
            else
            {
                _sender.TrySendShared(status, more: call.ReplyHasBody);
                if (call.ReplyHasBody) _sender.TrySend(call.ReplyBody.WrittenSpan, more: false);
            }
        }
        else
        {
            if (call.ReplyIsError) _sender.TrySend(ReadOnlySpan<byte>.Empty, more: true);
            _sender.TrySend(call.ReplyBody.WrittenSpan, more: false);
        }

        CountReplyDone();
    }

    // After the reply is sent, held or dropped (a drop reported): a test that sees the count sees the drop's event too.
    private void CountReplyDone() => Volatile.Write(ref _repliesDone, _repliesDone + 1);

    /// <summary>The frames after the delimiter that <see cref="SendReply"/> sends, copied, for a reply that must wait.</summary>
    private byte[][] ReplyContent(ServerCall call)
    {
        var body = call.ReplyBody.WrittenSpan;
        if (_operations.Framing == Framing.Bare) return call.ReplyIsError ? [[], body.ToArray()] : [body.ToArray()];

        var status = call.ReplyIsError ? ErrorFrame : OkFrame;
        if (!call.ReplyHasBody) return [status];
        if (!call.ReplyCompact) return [status, body.ToArray()];
        var compact = new byte[CompactFrame.Length(status, body)];
        CompactFrame.Write(compact, status, body);
        return [compact];
    }

    /// <summary>
    /// Keeps a reply that cannot be sent now until its client's queue has room (<see cref="HeldReplies"/>), or drops it,
    /// reported, when its client has disconnected (<paramref name="content"/> null: nothing was copied for it) or
    /// already has <see cref="ServerOptions.MaxHeldReplies"/> waiting.
    /// </summary>
    private void HoldOrDrop(Envelope envelope, byte[][]? content, string? operation)
    {
        if (content is not null)
        {
            var frames = new byte[envelope.FrameCount + 1 + content.Length][];
            for (var i = 0; i < envelope.FrameCount; i++) frames[i] = envelope.Frame(i).ToArray();
            frames[envelope.FrameCount] = [];
            content.CopyTo(frames, envelope.FrameCount + 1);
            if (_held.TryHold(frames)) return;
        }

        Report(ServerEventKind.ReplyDropped, operation, content is null
            ? "A reply was dropped: its client has disconnected."
            : $"A reply was dropped: its client is not taking its replies ({_options.MaxHeldReplies} wait for it already, after a full send queue of {_options.SendHighWaterMark}).");
    }

    private void ReportClientGone(int dropped) =>
        Report(ServerEventKind.ReplyDropped, null, $"{dropped} held replies were dropped: their client has disconnected.");

    private ServerCall Rent()
    {
        var call = _pool.Count > 0 ? _pool.Pop() : new ServerCall(this);
        call.BeginCancellation(_stopping.Token);
        call.Operation = "";
        call.Handler = null;
        call.Batch = null;
        call.ResetReply();
        return call;
    }

    private void Return(ServerCall call)
    {
        if (call.Batch is not null) EndBatchedCall(call);
        call.EndCancellation();
        if (_pool.Count < 1024) _pool.Push(call);
        else call.ReleaseBuffers();
    }

    /// <summary>Stops serving at once: handlers still running see <see cref="ServerCall.CancellationToken"/> cancelled and their replies are dropped.</summary>
    public void Dispose()
    {
        bool started;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            started = _socketThread.IsStarted;
        }

        _stopping.Cancel();
        if (!started)
        {
            // Never started: nothing else owns the socket.
            Close();
            return;
        }

        // The socket thread closes everything as it leaves its loop: wake it. From code run while this thread holds the
        // socket's turn (a handler on the socket thread with RunHandlersInline, an event handler) that happens once the
        // turn ends; from any other thread, wait until it has.
        _socketThread.Stop();
    }

    private void Close()
    {
        _gateway?.Dispose();
        _socketThread.Dispose();
        _socket.Dispose();
        while (_completed.TryDequeue(out var call)) call.ReleaseBuffers();
        _held.Clear();
        while (_pool.Count > 0) _pool.Pop().ReleaseBuffers();
        ReleaseReplyBatches();
        _received.Release();

        // _stopping is not disposed: Dispose cancels it after marking the server disposed, which may be after this has
        // run on the socket thread, and a source without timers or linked tokens holds nothing that needs freeing.
        _stopped.TrySetResult();
    }

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }
}
