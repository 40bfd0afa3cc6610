using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using NetMQ;
using NetMQ.Sockets;
using ZeroContracts.Transport;
using ZeroContracts.Wire;

namespace ZeroContracts.Rpc;

/// <summary>
/// The engine behind every generated request/reply client: one DEALER socket owned by one socket thread, shared by
/// any number of concurrent calls, which are matched to replies by request id (docs/protocol.md 2.1).
/// </summary>
/// <remarks>
/// The socket thread owns the socket, receives the replies and completes the callers' awaiters on the thread pool; while
/// calls wait, it sweeps them for expiry between waits. It holds the socket's turn (<see cref="SocketThread{T}"/>) except while it
/// waits, and a caller that finds the turn free sends its call itself, which spares a wake-up and a thread switch per
/// call; a caller that does not queues the call to the socket thread. Either way each use of the socket is under the
/// turn, whose lock is the full memory barrier ZeroMQ asks for when a socket is used from several threads.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed partial class RpcClient : IDisposable, IAsyncDisposable
{
    private const int MaxPooledCalls = 1024;

    private readonly Framing _framing;
    private readonly ClientOptions _options;
    private readonly long _timeoutTicks;
    private readonly DealerSocket _socket;
    private readonly FrameSender _sender;
    private readonly Security.CurveGateway? _gateway;
    private readonly SocketThread<ClientCall> _socketThread;
    private readonly SocketInbox<ClientCall> _outgoing;
    private readonly int _expiryInterval;
    private readonly ReceivedMessage _received = new();
    private readonly ResumeWave _resumes = new();
    private readonly Dictionary<uint, ClientCall> _waiting = new();
    private readonly Queue<ClientCall> _backlog = new();
    private readonly BoundedPool<ClientCall> _pool = new(MaxPooledCalls);
    private readonly ConcurrentDictionary<string, byte[]> _operationNames = new();
    private readonly byte[] _idFrame = new byte[Frames.RequestIdSize];
    private static readonly byte[] CancelFrame = Frames.Cancel.ToArray();
    private readonly object _gate = new();

    // The state below this line goes with the socket: whoever holds the socket's turn (SocketThread) uses it, the socket
    // thread except while it waits, or a caller sending its call itself.
    private bool _callerHoldsTurn;
    private long _wakesAt = long.MaxValue;
    private int _nextId;
    private int _disposed;
    private long _nextSweep = long.MaxValue;
    private long _callerSends;

    // Set on the socket thread when a stand-in closed the client while that thread ran callers: it must not touch the
    // socket again, and its loop ends (disposal is the only way a stand-in closes).
    private bool _lostSocket;

    /// <summary>Connects (by default) to <paramref name="endpoint"/>.</summary>
    /// <param name="endpoint">One or more comma-separated endpoints; <c>@</c> binds, <c>&gt;</c> connects.</param>
    /// <param name="framing">The contract's framing.</param>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    public RpcClient(string endpoint, Framing framing, ClientOptions? options)
        : this(endpoint, framing, options, useMailbox: true)
    {
    }

    /// <summary>As the public constructor; <paramref name="useMailbox"/> false makes the socket thread wait the portable way (for tests).</summary>
    internal RpcClient(string endpoint, Framing framing, ClientOptions? options, bool useMailbox)
    {
        _options = options ?? new ClientOptions();
        _options.Validate();
        _framing = framing;
        _timeoutTicks = _options.CallTimeout == Timeout.InfiniteTimeSpan ? long.MaxValue : (long)_options.CallTimeout.TotalMilliseconds;
        JsonOptions = _options.JsonOptions;

        _socket = new DealerSocket();
        _sender = new FrameSender(_socket);
        try
        {
            Endpoints.Configure(_socket, _options);
            Endpoint = Endpoints.Attach(_socket, endpoint, bindByDefault: false, _options, out _gateway);

            // One thread waits on the DEALER and the inbox with one select (SocketWait), instead of a NetMQPoller, whose
            // select over several NetMQ sockets cost more per round trip (docs/performance.md).
            _socketThread = new SocketThread<ClientCall>(_socket, useMailbox);
        }
        catch
        {
            _gateway?.Dispose();
            _socket.Dispose();
            throw;
        }

        _outgoing = _socketThread.Inbox;
        _expiryInterval = ExpiryInterval(_options.CallTimeout);
        _socketThread.Start("ZeroContracts client " + Endpoint, Run, Close, static call => call.SignalReply(), QueueOnPool, _staged.Add);
    }

    /// <summary>How many times a stand-in thread has taken over the socket from a socket thread kept away by user code (for tests).</summary>
    internal long StandIns => _socketThread.StandIns;

    /// <summary>Whether the socket thread waits with one select on the DEALER's mailbox (see <see cref="SocketWait"/>).</summary>
    internal bool WaitsOnMailbox => _socketThread.UsesMailbox;

    /// <summary>How many frames the socket sent without a mailbox check, each after its message's first (for tests; see <see cref="FrameSender"/>).</summary>
    internal long ContinuationFrames => _sender.ContinuationFrames;

    /// <summary>How many drains of the socket ended with a receive that skipped the mailbox check (for tests; see <see cref="ReceivedMessage"/>).</summary>
    internal long QuietReceiveMisses => _received.QuietMisses;

    /// <summary>How many times the socket thread has ended a wait (for tests: an idle client should not wake).</summary>
    internal long WaitCount => _socketThread.WaitCount;

    /// <summary>Whether the socket thread is in, or about to enter, a wait (for tests; see <see cref="SocketThread{T}.IsWaiting"/>).</summary>
    internal bool SocketThreadWaits => _socketThread.IsWaiting;

    /// <summary>Whether the socket thread, or a stand-in, waits without a time limit now (for tests; see <see cref="SocketThread{T}.WaitsWithoutLimit"/>).</summary>
    internal bool WaitsWithoutLimit => _socketThread.WaitsWithoutLimit;

    /// <summary>How many times a caller's thread has sent queued calls itself rather than leave them to the socket thread (for tests).</summary>
    internal long CallerSends => Volatile.Read(ref _callerSends);

    /// <summary>The endpoints this client is attached to.</summary>
    public string Endpoint { get; }

    internal JsonSerializerOptions JsonOptions { get; }

    /// <summary>Starts a call of <paramref name="operation"/>; write its arguments, then pass it to <c>CallAsync</c>.</summary>
    /// <param name="operation">The operation's wire name.</param>
    public ClientCall CreateCall(string operation)
    {
        if (!_pool.TryRent(out var call)) call = new ClientCall(this);
        call.Prepare(operation, _operationNames.GetOrAdd(operation, static name => Encoding.UTF8.GetBytes(name)));
        return call;
    }

    /// <summary>Sends <paramref name="call"/> and waits for a reply without a result.</summary>
    /// <param name="call">The call from <see cref="CreateCall"/>, arguments written.</param>
    /// <param name="cancellationToken">Stops waiting; the reply, if it comes, is dropped.</param>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask CallAsync(ClientCall call, CancellationToken cancellationToken)
    {
        try
        {
            await Start(call, cancellationToken).ConfigureAwait(false);
            ThrowIfError(call);
        }
        finally
        {
            call.Release();
        }
    }

    /// <summary>Sends <paramref name="call"/> and waits for its result.</summary>
    /// <param name="call">The call from <see cref="CreateCall"/>, arguments written.</param>
    /// <param name="cancellationToken">Stops waiting; the reply, if it comes, is dropped.</param>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<T> CallAsync<T>(ClientCall call, CancellationToken cancellationToken)
    {
        try
        {
            await Start(call, cancellationToken).ConfigureAwait(false);
            ThrowIfError(call);
            try
            {
                return BodyCodec.Decode<T>(call.ReplyBody, call.ReplyHasBody, JsonOptions);
            }
            catch (WireFormatException e)
            {
                throw new RemoteException(ErrorCodes.BadReply, $"The reply to '{call.Operation}' could not be decoded: {e.Message}") { Operation = call.Operation };
            }
        }
        finally
        {
            call.Release();
        }
    }

    private ValueTask Start(ClientCall call, CancellationToken cancellationToken)
    {
        call.FinishRequest();
        if (call.EncodingFailure is not null) return Refuse(call, call.EncodingFailure);
        var size = Frames.RequestIdSize + call.OperationBytes.Length + (call.HasBody ? 1 + call.Body.WrittenCount : 0);
        if (size > _options.MaxMessageSize) return Refuse(call, new MessageTooLargeException(size, _options.MaxMessageSize));
        if (cancellationToken.IsCancellationRequested) return Refuse(call, new OperationCanceledException(cancellationToken));

        var id = (uint)Interlocked.Increment(ref _nextId);
        var deadline = _timeoutTicks == long.MaxValue ? long.MaxValue : Environment.TickCount64 + _timeoutTicks;
        var begun = false;

        // Code resumed on the socket thread hands its call to that thread without the gate: whoever takes the call there
        // fails it if the client was disposed meanwhile (SendStaged; Close fails what is staged or waits for a reply).
        if (_socketThread.IsCurrent)
        {
            if (Volatile.Read(ref _disposed) != 0) return Refuse(call, Disposed());
            call.Begin(id, deadline, cancellationToken);
            begun = true;

            // With its turn (RunContinuationsInline) it sends its next call itself: waking the socket thread through the
            // inbox would only bring it back to this same thread later.
            if (_socketThread.HoldsTurn)
            {
                SendOnSocketThread(call);
                return call.AsValueTask();
            }

            // Without it (SocketThread.RunDeferred) the call is kept for that thread to send as it comes back, with those
            // of the other callers it resumed, or for a stand-in that takes over meanwhile.
            if (_socketThread.TryKeep(call)) return call.AsValueTask();
        }

        // Checked and queued under the gate so that Dispose, which drains the queue under it, cannot miss a call.
        lock (_gate)
        {
            if (_disposed != 0)
            {
                if (!begun) return Refuse(call, Disposed());
                call.TryFail(id, Disposed());
                call.Release();
                return call.AsValueTask();
            }

            if (!begun) call.Begin(id, deadline, cancellationToken);

            // A caller resumed by a reply leaves its call to the last of its wave, or to the socket thread that resumed
            // it without the turn (SocketThread.RunDeferred) when that one kept all it could, which sends them all
            // together; not once a stand-in leads in that thread's place, which may be waiting (IsRunningDeferred is
            // false then).
            _outgoing.EnqueueQuietly(call);
            if (_resumes.IsRunningHere || _socketThread.IsRunningDeferred) return call.AsValueTask();
        }

        SendOrNudge();
        return call.AsValueTask();
    }

    private static ObjectDisposedException Disposed() => new(nameof(RpcClient), "The client was disposed.");

    /// <summary>Fails a call before it reaches the socket; the caller still owns and releases it.</summary>
    private static ValueTask Refuse(ClientCall call, Exception failure)
    {
        call.Begin(0, long.MaxValue, CancellationToken.None);
        call.TryFail(0, failure);
        call.Release();
        return call.AsValueTask();
    }

    private void ThrowIfError(ClientCall call)
    {
        if (call.ReplyIsError) throw ErrorBody.Read(call.ReplyBody, call.Operation);
    }

    internal void Return(ClientCall call)
    {
        if (Volatile.Read(ref _disposed) == 0 && _pool.TryReturn(call)) return;

        call.ReleaseBuffers();
    }

    /// <summary>
    /// Resumes a caller after its reply (not <see cref="ClientOptions.RunContinuationsInline"/>): on the socket thread
    /// once it has received what there is, without the socket's turn (<see cref="SocketThread{T}.RunDeferred"/>), else on
    /// the thread pool. Calls it starts are queued quietly and sent with those of the other callers resumed at the same time.
    /// </summary>
    internal void QueueResume(ClientCall call)
    {
        if (_socketThread.MayDefer) _socketThread.Defer(call);
        else QueueOnPool(call);
    }

    /// <summary>Resumes a caller on the thread pool, as a member of the client's <see cref="ResumeWave"/>; any thread.</summary>
    private void QueueOnPool(ClientCall call)
    {
        _resumes.Add();
        ThreadPool.UnsafeQueueUserWorkItem(call, preferLocal: false);
    }

    /// <summary>Runs one caller's continuation on a thread-pool thread; the last of a wave sends the calls they all started.</summary>
    internal void Resume(ClientCall call)
    {
        var outer = _resumes.Enter();
        try
        {
            // The caller may release the call and reuse it before this returns: it is not touched again.
            call.SignalReply();
        }
        finally
        {
            if (_resumes.Exit(outer)) SendOrNudge();
        }
    }

    // ---- socket thread from here on ----

    /// <summary>
    /// Sends the queued calls from the calling thread when the socket's turn is free (the socket thread is waiting), else
    /// leaves them to the socket thread, which holds the turn and is awake, or is woken here. A caller sending its call
    /// itself spares the socket thread a wake-up and the call a thread switch (docs/performance.md).
    /// </summary>
    private void SendOrNudge()
    {
        if (!_socketThread.TryTakeTurn())
        {
            _outgoing.Nudge();
            return;
        }

        try
        {
            // Disposed: the socket thread's Close fails what is queued.
            if (Volatile.Read(ref _disposed) != 0) return;
            _callerHoldsTurn = true;
            if (!_outgoing.IsEmpty) Volatile.Write(ref _callerSends, _callerSends + 1);
            SendQueued();

            // The socket thread waits on the socket's mailbox, whose commands this thread's sends may have taken: only a
            // receive that finds nothing has handled the replies they announced (SocketWait).
            ReceiveReplies();
            KeepSweepDue();
        }
        finally
        {
            _callerHoldsTurn = false;
            _socketThread.EndTurn();
        }
    }

    /// <summary>
    /// Wakes the socket thread when the calls just sent are due to be swept before its wait ends (it waits without
    /// limit while no call waits), so that they still time out; under the turn, on a caller's thread.
    /// </summary>
    private void KeepSweepDue()
    {
        if (_waiting.Count == 0 && _backlog.Count == 0) return;
        if (_nextSweep == long.MaxValue) _nextSweep = Environment.TickCount64 + _expiryInterval;
        if (_nextSweep >= _wakesAt) return;
        _wakesAt = 0;
        _outgoing.Wake();
    }

    /// <summary>Whether replies received now resume their callers on this thread: on the socket thread with <see cref="ClientOptions.RunContinuationsInline"/>, never on a caller's.</summary>
    private bool ResumeInline => _options.RunContinuationsInline && !_callerHoldsTurn;

    /// <summary>The socket thread's loop, with the turn held except while it waits; <see cref="Close"/> follows it.</summary>
    private void Run()
    {
        var foundWork = true;

        // A stand-in (SocketThread.RunDeferred) starts with what callers resumed on the socket thread queued quietly.
        var waitFirst = !_socketThread.IsStandIn;
        while (Volatile.Read(ref _disposed) == 0 && _socketThread.Leads)
        {
            // The turn is free while the thread waits, for callers to send their calls themselves; but not on the
            // NetMQSelector path, whose wait reads the socket's state, so there callers always wake this thread.
            var woken = false;
            if (waitFirst)
            {
                var limit = WaitLimit(foundWork);
                _wakesAt = limit < 0 ? long.MaxValue : Environment.TickCount64 + limit;
                woken = _socketThread.Wait(limit, keepTurn: !_socketThread.UsesMailbox);
            }

            waitFirst = true;

            // Awake: calls queued from here on (by callers resumed by these replies, say) need no wake-up, since
            // they are taken below before the next wait.
            _outgoing.HoldWakeUps();
            foundWork = ReceiveReplies() || woken;
            if (_lostSocket) return;
            var sent = false;
            if (_nextSweep != long.MaxValue && Environment.TickCount64 >= _nextSweep)
            {
                ExpireAndRetry();

                // With no call left to sweep the next wait has no limit (SweepWait).
                _nextSweep = _waiting.Count == 0 && _backlog.Count == 0 ? long.MaxValue : Environment.TickCount64 + _expiryInterval;
                sent = true;
            }

            // About to wait: a call queued after the Acknowledge wakes the thread again. Staged calls are those a stand-in
            // took over from the socket thread (SocketThread.TryKeep) and has not sent with a reply's yet.
            _outgoing.Acknowledge();
            if (!_outgoing.IsEmpty || _staged.Count > 0)
            {
                SendQueued();
                sent = true;
                foundWork = true;
            }

            // Last, after every send: the wait watches the socket's command mailbox, and only a receive that finds
            // nothing has processed the commands that announce replies (see SocketWait).
            if (sent) ReceiveReplies();
            if (_lostSocket) return;
        }
    }

    /// <summary>
    /// How long the next wait may last: as <see cref="SweepWait"/>, but while callers resumed on the thread pool are still
    /// running, at most <see cref="ResumeWave.NextHold"/>, so that one that runs long cannot hold back the calls the
    /// others started.
    /// </summary>
    private long WaitLimit(bool foundWork)
    {
        var wait = SweepWait();
        if (!_resumes.HasPending) return wait;
        var hold = _resumes.NextHold(foundWork);
        return wait < 0 || wait > hold ? hold : wait;
    }

    /// <summary>Whether callers resumed on the thread pool are still running (for tests).</summary>
    internal bool ResumesPending => _resumes.HasPending;

    /// <summary>
    /// How long the next wait may last: until the next expiry sweep while calls wait (a sweep every
    /// <see cref="_expiryInterval"/> from the first), without limit when none do, so an idle client never wakes.
    /// </summary>
    /// <remarks>
    /// Until the sweep that is due when the last call ends, the wait keeps that limit, so that a caller sending its next
    /// call itself soon after need not wake this thread to have it swept (<see cref="KeepSweepDue"/>); an idle client
    /// wakes once more, for that sweep, and then no longer.
    /// </remarks>
    private long SweepWait()
    {
        var now = Environment.TickCount64;
        if (_waiting.Count == 0 && _backlog.Count == 0)
        {
            if (_nextSweep != long.MaxValue && _nextSweep > now) return _nextSweep - now;
            _nextSweep = long.MaxValue;
            return -1;
        }

        if (_nextSweep == long.MaxValue) _nextSweep = now + _expiryInterval;
        return Math.Max(0, _nextSweep - now);
    }

    private void SendQueued()
    {
        // Everything queued so far goes out together: several calls share one batch frame (docs/protocol.md 2.7).
        while (_outgoing.TryDequeue(out var call)) _staged.Add(call);
        SendStaged();
    }

    /// <summary>Registers a call for its reply and sends it, or keeps it in the backlog while the socket is full.</summary>
    private void Send(ClientCall call)
    {
        if (TryRegister(call)) SendAlone(call);
    }

    /// <summary>Sends a call already registered in <see cref="_waiting"/>, or keeps it in the backlog while the socket is full.</summary>
    private void SendAlone(ClientCall call)
    {
        if (_backlog.Count > 0 || !TrySend(call)) _backlog.Enqueue(call);
    }

    /// <summary>Registers a call for its reply; false, having let go of it, when it ended (cancelled) before it was sent.</summary>
    private bool TryRegister(ClientCall call)
    {
        if (!call.IsWaiting(call.Id))
        {
            call.Release();
            return false;
        }

        _waiting[call.Id] = call;
        return true;
    }

    /// <summary>
    /// Sends the envelope every request and cancel starts with, <c>[id][]</c>; false when the socket's queue is full. Once
    /// the first frame is accepted ZeroMQ accepts the rest of the message: it is queued atomically.
    /// </summary>
    private bool TrySendEnvelope(uint id)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(_idFrame, id);
        if (!_sender.TrySend(_idFrame, more: true)) return false;
        _sender.TrySend(ReadOnlySpan<byte>.Empty, more: true);
        return true;
    }

    /// <summary>Sends the request frames; false when the socket's queue is full (the call waits in the backlog).</summary>
    private bool TrySend(ClientCall call)
    {
        if (!TrySendEnvelope(call.Id)) return false;
        if (_framing == Framing.Typed)
        {
            // The compact form, [header 0xFF body]: one frame fewer each way than [header] [body], as the server answers alike.
            if (call.HasBody) _sender.TrySendCompact(call.OperationBytes, call.Body.WrittenSpan, more: false);
            else _sender.TrySendShared(call.OperationBytes, more: false);
        }
        else
        {
            _sender.TrySend(call.Body.WrittenSpan, more: false);
        }

        call.Release();
        return true;
    }

    /// <summary>Handles every message waiting on the socket; true when there was one.</summary>
    private bool ReceiveReplies()
    {
        var any = false;

        // Disposed from code resumed here (RunContinuationsInline): the socket is about to close.
        while (Volatile.Read(ref _disposed) == 0 && !_lostSocket && _received.TryReceive(_socket))
        {
            any = true;
            _receiving = true;
            try
            {
                HandleReceived();
            }
            finally
            {
                _receiving = false;
            }

            // Calls started by code resumed here (RunContinuationsInline) go out now, before the next receive, so a lone
            // call is not delayed; the replies of one reply batch resume several callers, whose calls share a batch in turn.
            SendStaged();

            // So do the calls of callers resumed here without the turn (SocketThread.RunDeferred): the server has them
            // while this thread takes the next replies.
            if (_socketThread.HasDeferred) ResumeDeferred();
        }

        return any;
    }

    /// <summary>
    /// Resumes the callers deferred to the socket thread, without the turn, then sends the calls they started; on the
    /// socket thread. Sets <see cref="_lostSocket"/> when a stand-in closed the client meanwhile.
    /// </summary>
    private void ResumeDeferred()
    {
        if (!_socketThread.RunDeferred())
        {
            _lostSocket = true;
            return;
        }

        SendQueued();
    }

    private void HandleReceived()
    {
        // [id][] [status 0xFF body] or [id][] [status] [body]? for Typed; [id][] [body] or [id][] [] [error] for Bare.
        if (_received.Count < 3 || _received.ExtraFrames > 0 || _received[0].Length != Frames.RequestIdSize || _received[1].Length != 0) return;
        var id = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(_received[0]);
        if (_framing == Framing.Typed && TryReceiveBatchReply(id)) return;
        if (!_waiting.Remove(id, out var call)) return;

        if (_framing == Framing.Typed)
        {
            // Both forms are read: a server answers in the form of the request, but a plain REP peer may not.
            var compact = CompactFrame.TrySplit(_received[2], out var status, out var bodyStart);
            var hasBody = compact || _received.Count > 3;
            if (_received.Count > (compact ? 3 : 4) || !TryReadStatus(status, out var isError))
            {
                FailBadReply(call, id);
                return;
            }

            if (!hasBody) call.TryCompleteWithReply(id, isError, _received, -1, 0, ResumeInline);
            else if (compact) call.TryCompleteWithReply(id, isError, _received, 2, bodyStart, ResumeInline);
            else call.TryCompleteWithReply(id, isError, _received, 3, 0, ResumeInline);
        }
        else
        {
            var isError = _received.Count == 4 && _received[2].Length == 0;
            call.TryCompleteWithReply(id, isError, _received, isError ? 3 : 2, 0, ResumeInline);
        }
    }

    /// <summary>Reads a reply's status: <c>ok</c> or <c>error</c>; false for anything else.</summary>
    private static bool TryReadStatus(ReadOnlySpan<byte> status, out bool isError)
    {
        isError = status.SequenceEqual(Frames.Error);
        return isError || status.SequenceEqual(Frames.Ok);
    }

    private static void FailBadReply(ClientCall call, uint id) =>
        call.TryFail(id, new RemoteException(ErrorCodes.BadReply, $"The reply to '{call.Operation}' does not follow the ZeroContracts protocol.") { Operation = call.Operation });

    private void ExpireAndRetry()
    {
        while (_backlog.Count > 0)
        {
            var call = _backlog.Peek();
            if (!call.IsWaiting(call.Id))
            {
                _backlog.Dequeue();
                call.Release();
                continue;
            }

            if (!TrySend(call)) break;
            _backlog.Dequeue();
        }

        SweepBatches();
        if (_waiting.Count == 0) return;
        var now = Environment.TickCount64;
        List<uint>? ended = null;
        foreach (var (id, call) in _waiting)
        {
            if (now >= call.DeadlineTicks && call.IsWaiting(id))
            {
                // In CURVE mode the likely reason is a handshake that keeps failing (a wrong server key): say so.
                call.TryFail(id, new TimeoutException($"No reply to '{call.Operation}' from {Endpoint} within {_options.CallTimeout.TotalMilliseconds:0} ms.{(_gateway?.LastFailure is { } why ? " " + why : "")}"));
            }

            if (!call.IsWaiting(id)) (ended ??= new List<uint>()).Add(id);
        }

        if (ended is null) return;
        foreach (var id in ended)
        {
            _waiting.Remove(id);
            SendCancel(id);
        }
    }

    /// <summary>
    /// Tells the server that nobody waits for call <paramref name="id"/> any more (cancelled or timed out), so it can stop
    /// the work (docs/protocol.md 4.1). Best effort: dropped when the socket's queue is full. Bare framing has no room for it.
    /// </summary>
    private void SendCancel(uint id)
    {
        if (_framing != Framing.Typed || !TrySendEnvelope(id)) return;
        _sender.TrySendShared(CancelFrame, more: false);
    }

    private static int ExpiryInterval(TimeSpan timeout)
    {
        // Fine enough that a call times out within a tenth of its timeout, coarse enough to cost nothing when idle.
        if (timeout == Timeout.InfiniteTimeSpan) return 50;
        return (int)Math.Clamp(timeout.TotalMilliseconds / 10, 1, 50);
    }

    /// <summary>Stops the socket thread, closes the socket and fails every call still waiting.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed != 0) return;
            _disposed = 1;
        }

        // The socket thread closes everything as it leaves its loop. From code resumed on that thread
        // (RunContinuationsInline) that happens when that code returns; from any other thread, wake it and wait.
        _socketThread.Stop();
    }

    /// <summary>Closes everything; on the socket thread as it stops, with the turn.</summary>
    private void Close()
    {
        _gateway?.Dispose();
        var failure = new ObjectDisposedException(nameof(RpcClient), "The client was disposed before the reply came.");
        foreach (var (id, call) in _waiting) call.TryFail(id, failure);
        _waiting.Clear();
        ReleaseBatches();
        while (_backlog.TryDequeue(out var call))
        {
            call.TryFail(call.Id, failure);
            call.Release();
        }

        // Calls a stand-in took from the socket thread as it closed (SocketThread.TryKeep) are staged, not yet sent.
        foreach (var call in _staged)
        {
            call.TryFail(call.Id, failure);
            call.Release();
        }

        _staged.Clear();
        while (_outgoing.TryDequeue(out var call))
        {
            call.TryFail(call.Id, failure);
            call.Release();
        }

        _socketThread.Dispose();
        _socket.Dispose();
        _received.Release();
        while (_pool.TryRent(out var pooled)) pooled.ReleaseBuffers();
    }

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }
}
