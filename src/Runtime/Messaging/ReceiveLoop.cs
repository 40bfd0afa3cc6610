using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using NetMQ;
using ZeroContracts.Transport;

namespace ZeroContracts.Messaging;

/// <summary>
/// The receiving half shared by subscribers and pullers: one socket owned by one poller thread, which decodes each
/// message and hands it to a bounded queue, read by a fixed number of worker tasks (or by an async enumerator).
/// When the queue is full the poller stops reading the socket until a reader makes room, so back-pressure reaches
/// ZeroMQ's own queue and high-water mark instead of growing memory.
/// </summary>
internal sealed class ReceiveLoop : IDisposable
{
    /// <summary>Decodes a message on the poller thread into <paramref name="into"/>; false to skip it (the caller counted why).</summary>
    public delegate bool Decoder(ReceivedMessage frames, IncomingMessage into);

    private const int MaxMessagesPerWakeup = 256;

    private readonly NetMQSocket _socket;
    private readonly Security.CurveGateway? _gateway;
    private readonly NetMQPoller _poller;
    private readonly PollerInbox<bool> _resume;
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
    private readonly int _poolLimit;
    private Action<IncomingMessage>? _inline;
    private IncomingMessage? _pending;
    private bool _socketRemoved;
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
    public ReceiveLoop(NetMQSocket socket, string name, int capacity, SocketOptionsBase options, Decoder decode, Action<MessageEvent>? onEvent, Security.CurveGateway? gateway = null)
    {
        _socket = socket;
        _gateway = gateway;
        _name = name;
        _json = options.JsonOptions;
        _decode = decode;
        _onEvent = onEvent;
        _poolLimit = capacity + 16;
        _queue = Channel.CreateBounded<IncomingMessage>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = true,
        });
        _resume = new PollerInbox<bool>(Resume);
        _socket.ReceiveReady += (_, _) => ReceiveMessages();
        _poller = new NetMQPoller { _socket, _resume.Pollable };

        // A receiver has no call to fail when its CURVE connection cannot be made (a wrong server key, say): it says why.
        _gateway?.OnConnectFailed(why => Report(MessageEventKind.ConnectionFailed, null, why));
    }

    public Task Stopped => _stopped.Task;

    public CancellationToken Stopping => _stopping.Token;

    public MessageStatistics Statistics => new(
        Interlocked.Read(ref _receivedCount),
        Interlocked.Read(ref _missed),
        Interlocked.Read(ref _malformed),
        Interlocked.Read(ref _handlerFailures));

    /// <summary>
    /// Starts the poller thread and <paramref name="workers"/> tasks that call <paramref name="handle"/> for each
    /// message, or, when <paramref name="inline"/>, calls it on the poller thread as each message is read; false when
    /// already started.
    /// </summary>
    public bool Start(int workers, Action<IncomingMessage>? handle, bool inline = false)
    {
        lock (_gate)
        {
            if (_disposed) throw new ObjectDisposedException(_name);
            if (_started) return false;
            _started = true;
        }

        if (handle is not null && inline)
        {
            _inline = handle;
        }
        else if (handle is not null)
        {
            for (var i = 0; i < workers; i++) _ = Task.Run(() => WorkAsync(handle));
        }

        PollerThread.Start(_poller, _name);
        return true;
    }

    /// <summary>Waits until a message is queued; false once the loop is disposed.</summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => _queue.Reader.WaitToReadAsync(cancellationToken);

    /// <summary>Takes the next queued message; the caller gives it back with <see cref="Return"/>.</summary>
    public bool TryRead(out IncomingMessage message)
    {
        if (!_queue.Reader.TryRead(out message!)) return false;

        // The poller thread stopped reading because the queue was full: there is room now.
        if (Volatile.Read(ref _paused) == 1 && Interlocked.Exchange(ref _resumeRequested, 1) == 0)
        {
            lock (_gate)
            {
                if (!_disposed) _resume.Enqueue(true);
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

    private async Task WorkAsync(Action<IncomingMessage> handle)
    {
        var token = _stopping.Token;
        try
        {
            while (await _queue.Reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                while (!token.IsCancellationRequested && TryRead(out var message))
                {
                    try
                    {
                        handle(message);
                    }
                    finally
                    {
                        Return(message);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    // ---- poller thread from here on ----

    private void ReceiveMessages()
    {
        for (var n = 0; n < MaxMessagesPerWakeup; n++)
        {
            if (_pending is not null)
            {
                if (!Offer(_pending)) return;
                _pending = null;
            }

            if (!_received.TryReceive(_socket)) return;
            var message = Rent();
            if (!_decode(_received, message))
            {
                Return(message);
                continue;
            }

            Interlocked.Increment(ref _receivedCount);
            if (_inline is not null)
            {
                // The next message is read only when the handler returns, so back-pressure is as with a full queue.
                try
                {
                    _inline(message);
                }
                finally
                {
                    Return(message);
                }

                if (Volatile.Read(ref _disposed)) return;
                continue;
            }

            if (!Offer(message))
            {
                _pending = message;
                return;
            }
        }
    }

    /// <summary>Queues a message; when the queue is full, stops reading the socket and returns false.</summary>
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

        if (!_socketRemoved)
        {
            _poller.Remove(_socket);
            _socketRemoved = true;
        }

        return false;
    }

    private void Resume()
    {
        while (_resume.TryDequeue(out _))
        {
        }

        Volatile.Write(ref _resumeRequested, 0);
        Volatile.Write(ref _paused, 0);
        if (_pending is not null)
        {
            if (!Offer(_pending)) return;
            _pending = null;
        }

        if (_socketRemoved)
        {
            _socketRemoved = false;
            _poller.Add(_socket);
        }
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

    /// <summary>Stops at once: the socket closes, queued messages are dropped, a handler already running finishes on its own.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
        }

        _stopping.Cancel();
        PollerThread.Close(_poller, this, static loop => loop.Close());
    }

    private void Close()
    {
        _gateway?.Dispose();
        _poller.Dispose();
        _socket.Dispose();
        _resume.Dispose();
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var queued)) queued.Body.Release();
        _pending?.Body.Release();
        _pending = null;
        while (_pool.TryDequeue(out var pooled)) pooled.Body.Release();
        _received.Release();
        _stopped.TrySetResult();
    }
}
