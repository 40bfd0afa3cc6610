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
/// The engine behind every generated publisher: one XPUB socket owned by one poller thread. Any thread may publish;
/// a message is encoded on the caller's thread, queued (bounded by <see cref="PublisherOptions.MaxQueuedMessages"/>)
/// and sent by the poller thread, which stamps it with the publisher's id and the topic's next sequence number and
/// reads the subscription messages that XPUB delivers, to count subscribers.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PubSubPublisher : IDisposable, IAsyncDisposable
{
    private const int MaxPooledMessages = 1024;

    private readonly Framing _framing;
    private readonly PublisherOptions _options;
    private readonly byte[][] _topics;
    private readonly XPublisherSocket _socket;
    private readonly Security.CurveGateway? _gateway;
    private readonly NetMQPoller _poller;
    private readonly PollerInbox<OutgoingMessage> _outgoing;
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
    private int _everythingSubscribers;
    private int _queued;
    private long _published;
    private long _dropped;
    private bool _disposed;

    /// <summary>Binds (by default) to <paramref name="endpoint"/> and starts the socket thread.</summary>
    /// <param name="endpoint">One or more comma-separated endpoints; <c>@</c> binds, <c>&gt;</c> connects.</param>
    /// <param name="framing">The contract's framing.</param>
    /// <param name="topics">The contract's topic names, in the order generated code refers to them.</param>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    public PubSubPublisher(string endpoint, Framing framing, string[] topics, PublisherOptions? options)
    {
        if (topics is null) throw new ArgumentNullException(nameof(topics));
        _options = options ?? new PublisherOptions();
        _options.Validate();
        _framing = framing;
        _topics = Array.ConvertAll(topics, static t => Encoding.UTF8.GetBytes(t));
        _topicSequences = new ulong[topics.Length];

        _socket = new XPublisherSocket();
        try
        {
            Endpoints.Configure(_socket, _options);

            // Every subscription message, not only the first for each topic, so that subscribers can be counted.
            _socket.Options.XPubVerbose = true;
            Endpoint = Endpoints.Attach(_socket, endpoint, bindByDefault: true, _options, out _gateway);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        _outgoing = new PollerInbox<OutgoingMessage>(SendQueued);
        _socket.ReceiveReady += (_, _) => ReadSubscriptions();
        _poller = new NetMQPoller { _socket, _outgoing.Pollable };
        PollerThread.Start(_poller, "ZeroContracts publisher " + Endpoint);
    }

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
    /// Queues <paramref name="message"/> for sending and returns at once. When <see cref="PublisherOptions.MaxQueuedMessages"/>
    /// messages are already waiting it is dropped and counted, as a PUB socket drops at its high-water mark.
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

        if (Interlocked.Increment(ref _queued) > _options.MaxQueuedMessages)
        {
            Interlocked.Decrement(ref _queued);
            Interlocked.Increment(ref _dropped);
            Return(message);
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
        throw new ObjectDisposedException(nameof(PubSubPublisher), "The publisher was disposed.");
    }

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

    // ---- poller thread from here on ----

    private void SendQueued()
    {
        while (_outgoing.TryDequeue(out var message))
        {
            Interlocked.Decrement(ref _queued);
            Send(message);
            Interlocked.Increment(ref _published);
            Return(message);
        }
    }

    /// <summary>
    /// [topic(/key) 0xFF stamp] [body]? for Typed, [body] for Bare (docs/protocol.md 5). The stamp rides in the topic
    /// frame because NetMQ's cost here is per frame sent. XPUB never blocks: a full subscriber misses the message.
    /// </summary>
    private void Send(OutgoingMessage message)
    {
        if (_framing == Framing.Bare)
        {
            FrameSender.TrySend(_socket, message.Body.WrittenSpan, more: false);
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

        FrameSender.TrySend(_socket, _topicFrame.WrittenSpan, more: message.HasBody);
        if (message.HasBody) FrameSender.TrySend(_socket, message.Body.WrittenSpan, more: false);
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

    /// <summary>XPUB delivers each subscription as one frame: byte 1 (subscribe) or 0 (unsubscribe), then the prefix.</summary>
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

    /// <summary>Closes the socket at once; messages still queued are dropped (unless <see cref="SocketOptionsBase.Linger"/> keeps sent ones).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
        }

        _subscribers.Close();
        _gateway?.Dispose();
        _poller.Dispose();
        _socket.Dispose();
        while (_outgoing.TryDequeue(out var message)) message.ReleaseBuffers();
        _outgoing.Dispose();
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
