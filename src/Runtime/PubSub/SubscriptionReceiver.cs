using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using NetMQ.Sockets;
using ZeroContracts.Messaging;
using ZeroContracts.Transport;
using ZeroContracts.Wire;

namespace ZeroContracts.PubSub;

/// <summary>
/// The receiving side of a subscriber: a SUB socket subscribed to the wanted topic prefixes, and the decoding of
/// each message on its socket thread (docs/protocol.md section 5): the topic is matched exactly (ZeroMQ matches
/// prefixes), the key is checked against the filters, the stamp is checked for gaps.
/// </summary>
internal sealed class SubscriptionReceiver : IDisposable
{
    /// <summary>
    /// The start of the subscription every Typed subscriber adds, followed by a random id, so that a publisher's XPUB
    /// socket can count subscribers exactly. It begins with byte 0xFF, which no UTF-8 topic contains, so it never
    /// matches a message, and which sorts after every topic: a SUB socket sends its subscriptions in byte order when a
    /// connection opens, so the publisher sees this one only after the subscriber's topics are in place.
    /// </summary>
    public static readonly byte[] PresencePrefix = new byte[] { 0xFF }.Concat(Encoding.ASCII.GetBytes("zc/subscriber/")).ToArray();

    private readonly MessageTable _table;
    private readonly TopicFilter[] _filters;
    private readonly GapTracker _gaps = new();

    public SubscriptionReceiver(MessageTable table, IReadOnlyList<TopicFilter> filters, string endpoint, SubscriberOptions options, string name)
    {
        _table = table;
        _filters = filters.ToArray();
        foreach (var filter in _filters)
        {
            if (!ReferenceEquals(filter.Table, table)) throw new ArgumentException($"A topic filter ({filter}) is not one of {table.ContractName}'s topics.", nameof(filters));
        }

        var socket = new SubscriberSocket();
        Security.CurveGateway? gateway;
        try
        {
            Endpoints.Configure(socket, options);
            if (table.Framing == Framing.Bare)
            {
                socket.Subscribe(Array.Empty<byte>());
            }
            else
            {
                foreach (var prefix in Prefixes()) socket.Subscribe(Encoding.UTF8.GetBytes(prefix));

                // Subscribed last, though what orders it on the wire is its first byte (see PresencePrefix).
                socket.Subscribe(PresencePrefix.Concat(Encoding.ASCII.GetBytes(Convert.ToHexString(RandomNumberGenerator.GetBytes(8)))).ToArray());
            }

            Endpoint = Endpoints.Attach(socket, endpoint, bindByDefault: false, options, out gateway);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        Loop = new ReceiveLoop(socket, name + " " + Endpoint, options.MaxQueuedMessages, options, Decode, options.OnEvent, gateway);
    }

    public string Endpoint { get; }

    public ReceiveLoop Loop { get; }

    public MessageTable Table => _table;

    private IEnumerable<string> Prefixes()
    {
        if (_filters.Length > 0) return _filters.Select(static f => f.Prefix).Distinct(StringComparer.Ordinal);
        return Enumerable.Range(0, _table.Count).Select(i => _table[i].Keyed ? _table[i].Name + "/" : _table[i].Name);
    }

    // ---- socket thread ----

    private bool Decode(ReceivedMessage frames, IncomingMessage into)
    {
        if (_table.Framing == Framing.Bare) return Loop.DecodeBare(frames, into, _table[0].Name);
        var count = frames.Count + frames.ExtraFrames;

        if (count is < 1 or > 2) return Loop.DropMalformed(null, $"A message must be a topic frame and at most one body frame; it had {count} frames.");

        var topic = SequenceStamp.SplitTopicFrame(frames[0], out var stamp);
        var target = Match(topic);
        if (target < 0) return false; // another topic that shares our prefix: ZeroMQ filters by prefix only

        var entry = _table[target];
        if (!entry.Keyed && topic.Length != entry.Utf8Name.Length)
        {
            return Loop.DropMalformed(entry.Name, $"The topic frame of a '{entry.Name}' message has a 0xFF byte after its topic that does not start a {SequenceStamp.Size}-byte stamp.");
        }

        string? key = null;
        if (entry.Keyed)
        {
            try
            {
                key = BodyCodec.StrictUtf8.GetString(topic.Slice(entry.Utf8Name.Length + 1));
            }
            catch (DecoderFallbackException)
            {
                return Loop.DropMalformed(entry.Name, $"The key of a '{entry.Name}' message is not valid UTF-8.");
            }
        }

        if (!Wanted(target, key)) return false;

        if (!stamp.IsEmpty)
        {
            var (publisher, sequence) = SequenceStamp.Read(stamp);
            var missed = _gaps.Observe(publisher, target, key, sequence);
            if (missed > 0)
            {
                Loop.CountMissed(missed);
                var where = key is null ? entry.Name : entry.Name + "/" + key;
                Loop.Report(MessageEventKind.MessagesMissed, where, $"{missed} message(s) on '{where}' were missed before sequence number {sequence}.", missed);
            }
        }

        into.Target = target;
        into.Name = entry.Name;
        into.Key = key;
        into.HasBody = frames.Count == 2;
        if (into.HasBody) into.Body.Write(frames[1]);
        return true;
    }

    /// <summary>
    /// The entry whose topic the text is exactly (unkeyed) or begins, followed by '/' (keyed); -1 when none. An unkeyed
    /// topic followed by 0xFF is matched too, though the text should have ended there: its trailer is malformed, and no
    /// other topic can be meant, since no topic contains 0xFF.
    /// </summary>
    private int Match(ReadOnlySpan<byte> topic)
    {
        for (var i = 0; i < _table.Count; i++)
        {
            var entry = _table[i];
            var name = entry.Utf8Name;
            if (!topic.StartsWith(name)) continue;
            if (topic.Length == name.Length)
            {
                if (entry.Keyed) continue; // a keyed topic's text always goes on with '/' and the key
                return i;
            }

            var next = topic[name.Length];
            if (entry.Keyed ? next == (byte)'/' : next == SequenceStamp.Marker) return i;
        }

        return -1;
    }

    private bool Wanted(int target, string? key)
    {
        if (_filters.Length == 0) return true;
        foreach (var filter in _filters)
        {
            if (filter.Matches(target, key)) return true;
        }

        return false;
    }

    public void Dispose() => Loop.Dispose();
}
