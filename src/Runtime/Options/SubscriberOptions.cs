using System;

namespace ZeroContracts;

/// <summary>Settings for a generated subscriber.</summary>
/// <remarks>
/// A subscriber runs its handler calls one at a time, in the order the messages arrived. While the handler is
/// behind, up to <see cref="MaxQueuedMessages"/> decoded messages wait; beyond that the subscriber stops reading,
/// ZeroMQ's receive queue (<see cref="SocketOptionsBase.ReceiveHighWaterMark"/>) fills and the publisher drops the
/// messages it cannot queue. Drops show up as <see cref="MessageEventKind.MessagesMissed"/>.
/// </remarks>
public sealed class SubscriberOptions : SocketOptionsBase
{
    /// <summary>How many received messages may wait for the handler. Default 1000.</summary>
    public int MaxQueuedMessages { get; set; } = 1000;

    /// <summary>
    /// Runs the handler on the subscriber's socket thread as each message is read, while it holds the socket. By default
    /// the socket thread runs handlers too, in the same order, but lets go of the socket first, queues what it does not
    /// run within 0.5 ms for a thread-pool run, and a stand-in reads on into the queue when a handler keeps the thread a
    /// few milliseconds; this option saves that bookkeeping. Only for handlers that are quick and never block: while
    /// one runs the socket is not read (ZeroMQ's queue fills as it would behind a full <see cref="MaxQueuedMessages"/>).
    /// Has no effect on a subscriber read as a stream. Default <see langword="false"/>.
    /// </summary>
    public bool RunHandlersInline { get; set; }

    /// <summary>
    /// Called when a handler throws, a message cannot be decoded, or messages were missed. Runs on the subscriber's
    /// threads; it must not block.
    /// </summary>
    public Action<MessageEvent>? OnEvent { get; set; }

    private protected override void ValidateMore()
    {
        if (MaxQueuedMessages <= 0) throw new ArgumentOutOfRangeException(nameof(MaxQueuedMessages), MaxQueuedMessages, "Must be positive.");
    }
}
