using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.ComponentModel;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using NetMQ;
using NetMQ.Sockets;
using ZeroContracts.Messaging;
using ZeroContracts.Transport;
using ZeroContracts.Wire;

namespace ZeroContracts.PubSub;

/// <summary>
/// The engine behind every generated publisher: one XPUB socket, used by whoever holds its turn. Any thread may publish;
/// a message is encoded on the caller's thread and, when the socket is free, stamped with the publisher's id and the
/// topic's next sequence number and sent there too, after any messages queued before it. Otherwise it is queued
/// (bounded by <see cref="PublisherOptions.MaxQueuedMessages"/>) for the publisher's socket thread, which sends it in
/// turn. The subscription messages that XPUB delivers are read after sends, to count subscribers (see <see cref="Run"/>).
/// </summary>
/// <remarks>
/// The turn is a lock held by whoever touches the socket or the state that goes with it (sequence counters, subscriber
/// sets, send and receive buffers); the socket thread holds it except while it waits. The lock's full fences are what
/// ZeroMQ asks of a socket used from several threads. Sending on the caller's thread spares the handoff to one more busy
/// thread, which on a machine with few cores cost more than the send itself (docs/performance.md). While publishers
/// send, the socket thread reads the subscriptions every millisecond for them, so that a send costs what it costs raw
/// NetMQ code (see <see cref="Run"/>).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PubSubPublisher : IDisposable, IAsyncDisposable
{
    private const int MaxPooledMessages = 1024;

    /// <summary>How long the socket thread waits between reads of the subscriptions while publishers send (see <see cref="Run"/>).</summary>
    private const int BriefWaitMs = 1;

    /// <summary>How many sends on publishers' threads, each followed by its own read, before one wakes the socket thread to take the reads over.</summary>
    private const int SendsBeforeHandOver = 16;

    private readonly Framing _framing;
    private readonly PublisherOptions _options;
    private readonly byte[][] _topics;
    private readonly XPublisherSocket _socket;
    private readonly FrameSender _sender;
    private readonly Security.CurveGateway? _gateway;
    private readonly SocketThread<OutgoingMessage> _socketThread;
    private readonly SocketInbox<OutgoingMessage> _outgoing;
    private readonly bool _sendsOnCallersThread;
    private readonly ReceivedMessage _received = new();
    private readonly BoundedPool<OutgoingMessage> _pool = new(MaxPooledMessages);
    private readonly PooledBufferWriter _topicFrame = new();
    private ulong _publisherId = NewPublisherId();

    // Sequence counters per topic frame: unkeyed topics by index, which spares the common case a dictionary lookup.
    private readonly ulong[] _topicSequences;
    private int _countedTopics;
    private readonly Dictionary<(int Topic, string Key), ulong> _keyedSequences = new();
    private readonly HashSet<string> _presentSubscribers = new(StringComparer.Ordinal);
    private readonly PeerCount _subscribers = new();
    private readonly object _gate = new();

    // Used with the socket's turn (see the remarks); _gate, above, only orders queueing against Dispose.
    private int _everythingSubscribers;
    private int _queued;
    private long _sentOnCallersThread;

    // The socket thread's side of the turn: sends on publishers' threads counted when it last chose how long to wait,
    // whether it waits briefly now (publishers then leave the subscriptions to it), and whether a publisher woke it.
    private long _sentAtLastChoice;
    private bool _waitsBriefly;
    private bool _handOverAsked;
    private long _published;
    private long _dropped;
    private bool _disposed;

    /// <summary>Binds (by default) to <paramref name="endpoint"/> and starts the socket thread.</summary>
    /// <param name="endpoint">One or more comma-separated endpoints; <c>@</c> binds, <c>&gt;</c> connects.</param>
    /// <param name="framing">The contract's framing.</param>
    /// <param name="topics">The contract's topic names, in the order generated code refers to them.</param>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    public PubSubPublisher(string endpoint, Framing framing, string[] topics, PublisherOptions? options)
        : this(endpoint, framing, topics, options, useMailbox: true)
    {
    }

    /// <summary>As the public constructor; <paramref name="useMailbox"/> false makes the socket thread wait the portable way (for tests).</summary>
    internal PubSubPublisher(string endpoint, Framing framing, string[] topics, PublisherOptions? options, bool useMailbox)
    {
        if (topics is null) throw new ArgumentNullException(nameof(topics));
        _options = options ?? new PublisherOptions();
        _options.Validate();
        _framing = framing;
        _topics = Array.ConvertAll(topics, static t => Encoding.UTF8.GetBytes(t));
        _topicSequences = new ulong[topics.Length];

        _socket = new XPublisherSocket();
        _sender = new FrameSender(_socket);
        try
        {
            Endpoints.Configure(_socket, _options);

            // Every subscription message, not only the first for each topic, so that subscribers can be counted.
            _socket.Options.XPubVerbose = true;
            Endpoint = Endpoints.Attach(_socket, endpoint, bindByDefault: true, _options, out _gateway);

            // One select on the XPUB's command mailbox and the inbox (SocketWait), as the client's socket thread.
            _socketThread = new SocketThread<OutgoingMessage>(_socket, useMailbox);
        }
        catch
        {
            _gateway?.Dispose();
            _socket.Dispose();
            throw;
        }

        _outgoing = _socketThread.Inbox;

        // The portable fallback asks the socket itself for its events while it waits, without the turn: there, every
        // message goes through the socket thread, as before.
        _sendsOnCallersThread = _socketThread.UsesMailbox;
        _socketThread.Start("ZeroContracts publisher " + Endpoint, Run, Close);
    }

    /// <summary>Whether a message published while the socket is free is sent on the caller's thread (for tests).</summary>
    internal bool SendsOnCallersThread => _sendsOnCallersThread;

    /// <summary>How many messages were sent on a publisher's thread rather than by the socket thread (for tests).</summary>
    internal long SentOnCallersThread => Volatile.Read(ref _sentOnCallersThread);

    /// <summary>Whether the socket thread waits briefly now, reading the subscriptions for publishers (for tests).</summary>
    internal bool WaitsBriefly => Volatile.Read(ref _waitsBriefly);

    /// <summary>The socket's turn (for tests, which hold it to make publishers queue).</summary>
    internal object Turn => _socketThread.Turn;

    /// <summary>The endpoints the publisher is attached to, with the real port of each bind.</summary>
    public string Endpoint { get; }

    /// <summary>
    /// The subscribers known now: each ZeroContracts Typed subscriber, plus each peer subscribed to every message
    /// (an empty subscription, as the Bare subscriber and plain ZeroMQ subscribers such as the seed's do).
    /// </summary>
    public int SubscriberCount => _subscribers.Current;

    /// <summary>What the publisher has done so far.</summary>
    public PublisherStatistics Statistics => new(Interlocked.Read(ref _published), Interlocked.Read(ref _dropped));

    /// <summary>A message for topic <paramref name="topic"/>; write its key and arguments, then pass it to <see cref="Publish"/>.</summary>
    /// <param name="topic">The topic's index in the list given to the constructor.</param>
    public OutgoingMessage CreateMessage(int topic)
    {
        if (!_pool.TryRent(out var message)) message = new OutgoingMessage(_options.JsonOptions);
        message.Target = topic;
        return message;
    }

    /// <summary>
    /// Sends <paramref name="message"/> on this thread when no other thread is using the socket, after the messages
    /// queued before it (so a call may send some that other threads queued); otherwise queues it for the socket thread.
    /// Never waits for the socket. When <see cref="PublisherOptions.MaxQueuedMessages"/> messages are already queued it
    /// is dropped and counted, as a PUB socket drops at its high-water mark.
    /// </summary>
    /// <param name="message">A message from <see cref="CreateMessage"/>, key and arguments written.</param>
    /// <exception cref="MessageTooLargeException">The message is larger than <see cref="SocketOptionsBase.MaxMessageSize"/>.</exception>
    /// <exception cref="ObjectDisposedException">The publisher was disposed.</exception>
    public void Publish(OutgoingMessage message)
    {
        message.Finish();
        var keySize = message.Key is null ? 0 : 1 + Encoding.UTF8.GetByteCount(message.Key);
        var size = (long)message.Body.WrittenCount + _topics[message.Target].Length + keySize + SequenceStamp.TrailerSize;
        if (size > _options.MaxMessageSize)
        {
            Return(message);
            throw new MessageTooLargeException(size, _options.MaxMessageSize);
        }

        if (_sendsOnCallersThread && _socketThread.TryTakeTurn())
        {
            var disposed = Volatile.Read(ref _disposed);
            try
            {
                if (!disposed)
                {
                    // Only the turn's holder takes queued messages: those queued before this one (by this thread, or by
                    // one it synchronized with) are still queued, and go first.
                    SendQueued();
                    SendAndReturn(message);
                    Volatile.Write(ref _sentOnCallersThread, _sentOnCallersThread + 1);
                    if (!_waitsBriefly) ReadSubscriptionsOrHandOver();
                    return;
                }
            }
            finally
            {
                _socketThread.EndTurn();
            }

            Return(message);
            throw Disposed();
        }

        if (Interlocked.Increment(ref _queued) > _options.MaxQueuedMessages)
        {
            Interlocked.Decrement(ref _queued);
            Return(message);

            // A full queue stays full once disposed (nobody takes from it): this is no drop to count but a late publish.
            if (Volatile.Read(ref _disposed)) throw Disposed();
            Interlocked.Increment(ref _dropped);
            return;
        }

        lock (_gate)
        {
            if (!_disposed)
            {
                _outgoing.Enqueue(message);
                return;
            }
        }

        Interlocked.Decrement(ref _queued);
        Return(message);
        throw Disposed();
    }

    private static ObjectDisposedException Disposed() => new(nameof(PubSubPublisher), "The publisher was disposed.");

    /// <summary>
    /// Waits until at least <paramref name="count"/> subscribers are known (<see cref="SubscriberCount"/>), which
    /// answers ZeroMQ's slow-joiner problem: messages published before a subscriber's subscription arrives are not
    /// sent to it. A Typed subscriber is counted once all its topic subscriptions are in place.
    /// </summary>
    /// <param name="count">How many subscribers to wait for.</param>
    /// <param name="timeout">How long to wait; <see cref="Timeout.InfiniteTimeSpan"/> waits until disposed.</param>
    /// <returns>True when the subscribers are there; false on timeout or when the publisher is disposed.</returns>
    public Task<bool> WaitForSubscribersAsync(int count, TimeSpan timeout) => _subscribers.WaitAsync(count, timeout);

    private void Return(OutgoingMessage message)
    {
        message.Reset();
        if (!Volatile.Read(ref _disposed) && _pool.TryReturn(message)) return;

        message.ReleaseBuffers();
    }

    // ---- socket thread from here on: the socket thread, or a publisher, holding the turn ----

    /// <summary>
    /// The socket thread: sends what was queued while the socket was busy and reads the subscriptions, with the turn
    /// held except while it waits. While publishers send on their own threads it waits at most
    /// <see cref="BriefWaitMs"/> and reads the subscriptions their sends announced, so that they need not each pay a
    /// receive (a system call, as much as a frame's send); once a wait passes without such a send it waits without limit
    /// again, and publishers read for themselves.
    /// </summary>
    private void Run()
    {
        while (!Volatile.Read(ref _disposed))
        {
            _waitsBriefly = _sentOnCallersThread != _sentAtLastChoice;
            _sentAtLastChoice = _sentOnCallersThread;
            _handOverAsked = false;
            _socketThread.Wait(_waitsBriefly ? BriefWaitMs : -1, keepTurn: false);

            // A message queued after this wakes the thread again; those queued before are sent below.
            _outgoing.Acknowledge();
            if (Volatile.Read(ref _disposed)) break;
            SendQueued();

            // Last, after every send (here or by a publisher since): the wait watches the socket's command mailbox,
            // and only a receive that finds nothing has processed the commands that announce subscriptions (see SocketWait).
            ReadSubscriptions();
        }
    }

    /// <summary>
    /// Sends the messages queued until now, oldest first, but no more than were counted as it starts: whoever holds the
    /// turn, a publisher or the socket thread, is not kept sending what other threads queue meanwhile. Those wake the
    /// socket thread, unless it is already due to drain.
    /// </summary>
    private void SendQueued()
    {
        for (var count = Volatile.Read(ref _queued); count > 0 && _outgoing.TryDequeue(out var message); count--)
        {
            Interlocked.Decrement(ref _queued);
            SendAndReturn(message);
        }
    }

    /// <summary>
    /// After a send on a publisher's thread while the socket thread waits without limit: nobody else would read what the
    /// send announced (see SocketWait), so read it here; after a few such sends, wake the socket thread to take it over.
    /// </summary>
    private void ReadSubscriptionsOrHandOver()
    {
        ReadSubscriptions();
        if (_handOverAsked || _sentOnCallersThread - _sentAtLastChoice < SendsBeforeHandOver) return;
        _handOverAsked = true;
        _outgoing.Wake();
    }

    private void SendAndReturn(OutgoingMessage message)
    {
        Send(message);
        Interlocked.Increment(ref _published);
        Return(message);
    }

    /// <summary>
    /// [topic(/key) 0xFF stamp] [body]? for Typed, [body] for Bare (docs/protocol.md 5). The stamp rides in the topic
    /// frame because NetMQ's cost here is per frame sent. XPUB never blocks: a full subscriber misses the message.
    /// </summary>
    private void Send(OutgoingMessage message)
    {
        if (_framing == Framing.Bare)
        {
            _sender.TrySend(message.Body.WrittenSpan, more: false);
            return;
        }

        _topicFrame.Clear();
        _topicFrame.Write(_topics[message.Target]);
        if (message.Key is not null)
        {
            _topicFrame.Write("/"u8);
            var span = _topicFrame.GetSpan(Encoding.UTF8.GetMaxByteCount(message.Key.Length));
            _topicFrame.Advance(Encoding.UTF8.GetBytes(message.Key, span));
        }

        var sequence = NextSequence(message.Target, message.Key);
        SequenceStamp.WriteTrailer(_topicFrame.GetSpan(SequenceStamp.TrailerSize), _publisherId, sequence);
        _topicFrame.Advance(SequenceStamp.TrailerSize);

        _sender.TrySend(_topicFrame.WrittenSpan, more: message.HasBody);
        if (message.HasBody) _sender.TrySend(message.Body.WrittenSpan, more: false);
    }

    /// <summary>The next sequence number of the topic frame <paramref name="topic"/>(/<paramref name="key"/>), counting from 1.</summary>
    private ulong NextSequence(int topic, string? key)
    {
        if (key is null)
        {
            if (_topicSequences[topic] == 0)
            {
                StartAfreshIfFull();
                _countedTopics++;
            }

            return ++_topicSequences[topic];
        }

        var id = (topic, key);
        if (!_keyedSequences.TryGetValue(id, out var last)) StartAfreshIfFull();
        _keyedSequences[id] = ++last;
        return last;
    }

    /// <summary>
    /// Bounded memory: when one more counter would exceed <see cref="PublisherOptions.MaxSequenceKeys"/>, forget every
    /// counter and go on under a new id rather than keep a counter for every key ever published.
    /// </summary>
    private void StartAfreshIfFull()
    {
        if (_keyedSequences.Count + _countedTopics < _options.MaxSequenceKeys) return;

        _keyedSequences.Clear();
        Array.Clear(_topicSequences, 0, _topicSequences.Length);
        _countedTopics = 0;
        _publisherId = NewPublisherId();
    }

    private static ulong NewPublisherId() => BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));

    /// <summary>
    /// Reads every subscription message waiting, until a receive finds none. XPUB delivers each subscription as one
    /// frame: byte 1 (subscribe) or 0 (unsubscribe), then the prefix.
    /// </summary>
    private void ReadSubscriptions()
    {
        var changed = false;
        while (_received.TryReceive(_socket))
        {
            if (_received.Count != 1) continue;
            var frame = _received[0];
            if (frame.Length == 0 || frame[0] > 1) continue;
            var subscribe = frame[0] == 1;
            var prefix = frame.Slice(1);
            if (prefix.Length == 0)
            {
                // Unsubscribes of a prefix are only passed on when its last subscriber leaves.
                _everythingSubscribers = subscribe ? _everythingSubscribers + 1 : 0;
                changed = true;
            }
            else if (prefix.StartsWith(SubscriptionReceiver.PresencePrefix))
            {
                var id = Encoding.ASCII.GetString(prefix);
                changed |= subscribe ? _presentSubscribers.Add(id) : _presentSubscribers.Remove(id);
            }
        }

        if (changed) CountChanged(_presentSubscribers.Count + _everythingSubscribers);
    }

    private void CountChanged(int count) => _subscribers.Set(count);

    /// <summary>
    /// Closes the socket at once, once a message being sent on another thread has been handed to ZeroMQ; messages still
    /// queued are dropped (unless <see cref="SocketOptionsBase.Linger"/> keeps sent ones).
    /// </summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
        }

        // The socket thread closes everything as it leaves its loop, with the turn: no publisher is sending then, and
        // none sends after, since each checks _disposed with the turn.
        _subscribers.Close();
        _socketThread.Stop();
    }

    /// <summary>Closes everything; on the socket thread as it stops, with the turn.</summary>
    private void Close()
    {
        _gateway?.Dispose();
        _socket.Dispose();
        while (_outgoing.TryDequeue(out var message)) message.ReleaseBuffers();
        _socketThread.Dispose();
        while (_pool.TryRent(out var pooled)) pooled.ReleaseBuffers();
        _topicFrame.Release();
        _received.Release();
    }

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }
}
