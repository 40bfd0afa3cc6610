using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using NetMQ;
using NetMQ.Monitoring;
using NetMQ.Sockets;
using ZeroContracts.Messaging;
using ZeroContracts.Transport;

namespace ZeroContracts.Pipeline;

/// <summary>
/// The engine behind every generated pusher: one PUSH socket owned by one poller thread. Any thread may push; a
/// message is encoded on the caller's thread and queued for the poller thread, which hands it to ZeroMQ. When no
/// worker has room the message waits in the pusher; when <see cref="PusherOptions.MaxQueuedMessages"/> are waiting,
/// pushing blocks (or awaits) until one is sent or <see cref="PusherOptions.SendTimeout"/> passes. Nothing is dropped.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PipelinePusher : IDisposable, IAsyncDisposable
{
    private const int MaxPooledMessages = 1024;
    private const int RetryIntervalMs = 2;

    /// <summary>
    /// ZeroMQ attaches a worker's queue only after its handshake, shortly after the connection the monitor reports;
    /// <see cref="WaitForWorkersAsync"/> waits this long more so the first messages are shared by all of them.
    /// </summary>
    private static readonly TimeSpan HandshakeGrace = TimeSpan.FromMilliseconds(100);

    private readonly Framing _framing;
    private readonly PusherOptions _options;
    private readonly byte[][] _operations;
    private readonly PushSocket _socket;
    private readonly FrameSender _sender;
    private readonly NetMQMonitor _monitor;
    private readonly Security.CurveGateway? _gateway;
    private readonly NetMQPoller _poller;
    private readonly PollerInbox<OutgoingMessage> _outgoing;
    private readonly NetMQTimer _retry;
    private readonly Queue<OutgoingMessage> _backlog = new();
    private readonly BoundedPool<OutgoingMessage> _pool = new(MaxPooledMessages);
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stopping = new();
    private readonly PeerCount _workers = new();
    private readonly object _gate = new();
    private readonly bool _inprocOnly;
    private long _pushed;
    private bool _disposed;

    /// <summary>Binds (by default) to <paramref name="endpoint"/> and starts the socket thread.</summary>
    /// <param name="endpoint">One or more comma-separated endpoints; <c>@</c> binds, <c>&gt;</c> connects.</param>
    /// <param name="framing">The contract's framing.</param>
    /// <param name="operations">The contract's operation names, in the order generated code refers to them.</param>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    public PipelinePusher(string endpoint, Framing framing, string[] operations, PusherOptions? options)
    {
        if (operations is null) throw new ArgumentNullException(nameof(operations));
        _options = options ?? new PusherOptions();
        _options.Validate();
        _framing = framing;
        _operations = Array.ConvertAll(operations, static o => Encoding.UTF8.GetBytes(o));
        _slots = new SemaphoreSlim(_options.MaxQueuedMessages, _options.MaxQueuedMessages);

        _socket = new PushSocket();
        _sender = new FrameSender(_socket);
        Endpoints.Configure(_socket, _options);
        _outgoing = new PollerInbox<OutgoingMessage>(SendQueued);
        _retry = new NetMQTimer(RetryIntervalMs) { Enable = false };
        _retry.Elapsed += (_, _) => SendBacklog();
        _poller = new NetMQPoller { _outgoing.Pollable, _retry };

        // NetMQ's monitor connects its reading end only when attached to the poller, and drops the events raised before
        // that: attach it before the first bind or connect, or a connection made at once is never counted.
        _monitor = new NetMQMonitor(_socket, $"inproc://zerocontracts-pusher-{Guid.NewGuid():N}", SocketEvents.Accepted | SocketEvents.Connected | SocketEvents.Disconnected);
        _monitor.Accepted += (_, _) => _workers.Add(+1);
        _monitor.Connected += (_, _) => _workers.Add(+1);
        _monitor.Disconnected += (_, _) => _workers.Add(-1);
        _monitor.AttachToPoller(_poller);
        try
        {
            Endpoint = Endpoints.Attach(_socket, endpoint, bindByDefault: true, _options, out _gateway, _workers.Add);
            _inprocOnly = Array.TrueForAll(Endpoint.Split(','), static e => e.StartsWith("inproc://", StringComparison.Ordinal));
        }
        catch
        {
            _monitor.Dispose();
            _poller.Dispose();
            _outgoing.Dispose();
            _socket.Dispose();
            throw;
        }

        PollerThread.Start(_poller, "ZeroContracts pusher " + Endpoint);
    }

    /// <summary>The endpoints the pusher is attached to, with the real port of each bind.</summary>
    public string Endpoint { get; }

    /// <summary>The workers connected now over tcp or ipc (inproc connections are not reported by ZeroMQ).</summary>
    public int WorkerCount => _workers.Current;

    /// <summary>Messages handed to ZeroMQ so far.</summary>
    public long Pushed => Interlocked.Read(ref _pushed);

    /// <summary>A message for operation <paramref name="operation"/>; write its arguments, then pass it to <see cref="Push"/> or <see cref="PushAsync"/>.</summary>
    /// <param name="operation">The operation's index in the list given to the constructor.</param>
    public OutgoingMessage CreateMessage(int operation)
    {
        if (!_pool.TryRent(out var message)) message = new OutgoingMessage(_options.JsonOptions);
        message.Target = operation;
        return message;
    }

    /// <summary>Queues <paramref name="message"/>, blocking while <see cref="PusherOptions.MaxQueuedMessages"/> are already waiting.</summary>
    /// <param name="message">A message from <see cref="CreateMessage"/>, arguments written.</param>
    /// <exception cref="TimeoutException">No room within <see cref="PusherOptions.SendTimeout"/>; the message was not sent.</exception>
    /// <exception cref="MessageTooLargeException">The message is larger than <see cref="SocketOptionsBase.MaxMessageSize"/>.</exception>
    /// <exception cref="ObjectDisposedException">The pusher was disposed.</exception>
    public void Push(OutgoingMessage message)
    {
        Prepare(message);
        bool entered;
        try
        {
            entered = _slots.Wait(_options.SendTimeout, _stopping.Token);
        }
        catch (OperationCanceledException)
        {
            Return(message);
            throw Disposed();
        }

        Enqueue(message, entered);
    }

    /// <summary>Queues <paramref name="message"/>, waiting asynchronously while <see cref="PusherOptions.MaxQueuedMessages"/> are already waiting.</summary>
    /// <param name="message">A message from <see cref="CreateMessage"/>, arguments written.</param>
    /// <param name="cancellationToken">Stops waiting; the message is then not sent.</param>
    /// <exception cref="TimeoutException">No room within <see cref="PusherOptions.SendTimeout"/>; the message was not sent.</exception>
    public async Task PushAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        Prepare(message);
        bool entered;
        using (var linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token) : null)
        {
            try
            {
                entered = await _slots.WaitAsync(_options.SendTimeout, linked?.Token ?? _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Return(message);
                throw Disposed();
            }
            catch (OperationCanceledException)
            {
                Return(message);
                throw;
            }
        }

        Enqueue(message, entered);
    }

    /// <summary>
    /// Waits until at least <paramref name="count"/> workers are connected, and then for their handshakes, so that
    /// load balancing is fair from the first message. Counts tcp and ipc connections; ZeroMQ reports none for inproc.
    /// </summary>
    /// <param name="count">How many workers to wait for.</param>
    /// <param name="timeout">How long to wait; <see cref="Timeout.InfiniteTimeSpan"/> waits until disposed.</param>
    /// <returns>True when the workers are there; false on timeout or when the pusher is disposed.</returns>
    /// <exception cref="NotSupportedException">Every endpoint of the pusher is inproc, where no connection can be counted.</exception>
    public async Task<bool> WaitForWorkersAsync(int count, TimeSpan timeout)
    {
        if (_inprocOnly)
        {
            throw new NotSupportedException(
                $"WaitForWorkersAsync counts tcp and ipc connections; ZeroMQ reports none for inproc, so the pusher on '{Endpoint}' cannot count its workers. " +
                "Have the workers signal readiness another way, or attach the pusher to a tcp or ipc endpoint too.");
        }

        // The grace is for connections that have just been counted; workers already there have long shaken hands.
        var waited = _workers.Current < count;
        var ready = await _workers.WaitAsync(count, timeout).ConfigureAwait(false);
        if (ready && waited) await Task.Delay(HandshakeGrace).ConfigureAwait(false);
        return ready;
    }

    private void Prepare(OutgoingMessage message)
    {
        message.Finish();
        var size = (long)message.Body.WrittenCount + _operations[message.Target].Length + (message.HasBody ? 1 : 0);
        if (size <= _options.MaxMessageSize) return;
        Return(message);
        throw new MessageTooLargeException(size, _options.MaxMessageSize);
    }

    private void Enqueue(OutgoingMessage message, bool entered)
    {
        if (!entered)
        {
            Return(message);
            throw new TimeoutException($"No worker took the message within {_options.SendTimeout.TotalMilliseconds:0} ms: every worker's queue is full or none is connected ({Endpoint}).");
        }

        lock (_gate)
        {
            if (!_disposed)
            {
                _outgoing.Enqueue(message);
                return;
            }
        }

        Return(message);
        throw Disposed();
    }

    private static ObjectDisposedException Disposed() => new(nameof(PipelinePusher), "The pusher was disposed.");

    private void Return(OutgoingMessage message)
    {
        message.Reset();
        if (!Volatile.Read(ref _disposed) && _pool.TryReturn(message)) return;

        message.ReleaseBuffers();
    }

    // ---- poller thread from here on ----

    private void SendQueued()
    {
        while (_outgoing.TryDequeue(out var message))
        {
            if (_backlog.Count > 0 || !TrySend(message))
            {
                _backlog.Enqueue(message);
                _retry.Enable = true;
            }
        }
    }

    private void SendBacklog()
    {
        while (_backlog.Count > 0 && TrySend(_backlog.Peek())) _backlog.Dequeue();
        if (_backlog.Count == 0) _retry.Enable = false;
    }

    /// <summary>[operation] or [operation 0xFF body] for Typed, [body] for Bare (docs/protocol.md 6); false when no worker has room.</summary>
    private bool TrySend(OutgoingMessage message)
    {
        if (_framing == Framing.Bare)
        {
            if (!_sender.TrySend(message.Body.WrittenSpan, more: false)) return false;
        }
        else
        {
            var operation = _operations[message.Target];
            var sent = message.HasBody
                ? _sender.TrySendCompact(operation, message.Body.WrittenSpan, more: false)
                : _sender.TrySendShared(operation, more: false);
            if (!sent) return false;
        }

        Interlocked.Increment(ref _pushed);
        Return(message);
        _slots.Release();
        return true;
    }

    /// <summary>Closes the socket at once; messages not yet taken by a worker are dropped and blocked pushes fail.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
        }

        _workers.Close();
        _stopping.Cancel();

        // The monitor detaches from the poller, which must still be running for that.
        _gateway?.Dispose();
        _monitor.Dispose();
        _poller.Dispose();
        _socket.Dispose();
        while (_backlog.Count > 0) _backlog.Dequeue().ReleaseBuffers();
        while (_outgoing.TryDequeue(out var message)) message.ReleaseBuffers();
        _outgoing.Dispose();
        while (_pool.TryRent(out var pooled)) pooled.ReleaseBuffers();
    }

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }
}
