using System;

namespace ZeroContracts;

/// <summary>Settings for a generated publisher.</summary>
/// <remarks>
/// In the terms of ZeroMQ's PUB socket: a message published while nobody is subscribed to its topic is dropped;
/// each subscriber has a queue of <see cref="SocketOptionsBase.SendHighWaterMark"/> messages, which holds messages
/// while that subscriber is slow or briefly disconnected, and a message for a subscriber whose queue is full is
/// dropped for that subscriber only. Publishing never blocks. Subscribers see every drop as a gap in the
/// sequence numbers the publisher stamps on each message.
/// </remarks>
public sealed class PublisherOptions : SocketOptionsBase
{
    /// <summary>
    /// How many published messages may wait for the publisher's socket thread. A message is sent on the publishing
    /// thread when the socket is free, and waits only while another thread is using the socket; a message published
    /// while this many wait is dropped and counted in <see cref="PublisherStatistics.Dropped"/>, as a PUB socket drops
    /// at its high-water mark. Default 10000.
    /// </summary>
    public int MaxQueuedMessages { get; set; } = 10_000;

    /// <summary>
    /// How many topic-and-key pairs the publisher keeps a sequence counter for. A publisher with more keys than that
    /// (keys taken from user ids, say) would otherwise grow without bound; when a new pair would exceed the limit the
    /// publisher forgets every counter and goes on under a new publisher id, which subscribers treat as a restarted
    /// publisher (docs/protocol.md 5.3): no false gap is reported, at the cost of not seeing drops across the restart.
    /// Default 100000.
    /// </summary>
    public int MaxSequenceKeys { get; set; } = 100_000;

    private protected override void ValidateMore()
    {
        if (MaxSequenceKeys <= 0) throw new ArgumentOutOfRangeException(nameof(MaxSequenceKeys), MaxSequenceKeys, "Must be positive.");
        if (MaxQueuedMessages <= 0) throw new ArgumentOutOfRangeException(nameof(MaxQueuedMessages), MaxQueuedMessages, "Must be positive.");
    }
}
