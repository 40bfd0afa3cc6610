using System;

namespace ZeroContracts;

/// <summary>Settings for a generated puller (a pipeline worker).</summary>
/// <remarks>
/// Work a puller has not started waits in two places: ZeroMQ's receive queue
/// (<see cref="SocketOptionsBase.ReceiveHighWaterMark"/>, default 1000) and up to <see cref="Prefetch"/> messages
/// the puller has read ahead. A pusher deals round-robin to every worker whose queues have room, so for strict
/// one-job-at-a-time sharing between workers of uneven speed set both to 1 (and the pusher's
/// <see cref="SocketOptionsBase.SendHighWaterMark"/> to 1).
/// </remarks>
public sealed class PullerOptions : SocketOptionsBase
{
    /// <summary>How many handler calls may run at once. Default 1: one message at a time, in order.</summary>
    public int MaxConcurrentHandlers { get; set; } = 1;

    /// <summary>
    /// How many messages the puller reads off its socket ahead of its handlers, decoded and waiting for a free one.
    /// Reading ahead lets the socket thread take messages in batches and a handler go from one message to the next
    /// without a thread wake-up each time; reading one at a time cost about five times the throughput in the
    /// benchmark (docs/performance.md). It also bounds how many messages the socket thread takes to run itself at a
    /// time. Default 64; at least 1. Ignored with <see cref="RunHandlersInline"/>.
    /// </summary>
    public int Prefetch { get; set; } = 64;

    /// <summary>
    /// Runs the handler on the puller's socket thread, one message at a time, while it holds the socket, reading the
    /// next message when it returns: unstarted work stays in ZeroMQ's queue, and <see cref="MaxConcurrentHandlers"/>
    /// and <see cref="Prefetch"/> are ignored. By default the socket thread runs handlers too, but lets go of the socket
    /// first, queues what it does not run within 0.5 ms for thread-pool runs, and a stand-in reads on when a handler
    /// keeps the thread a few milliseconds; this option saves that bookkeeping. Only for handlers that are quick and
    /// never block. Default <see langword="false"/>.
    /// </summary>
    public bool RunHandlersInline { get; set; }

    /// <summary>Called when a handler throws or a message cannot be decoded. Runs on the puller's threads; it must not block.</summary>
    public Action<MessageEvent>? OnEvent { get; set; }

    private protected override void ValidateMore()
    {
        if (MaxConcurrentHandlers <= 0) throw new ArgumentOutOfRangeException(nameof(MaxConcurrentHandlers), MaxConcurrentHandlers, "Must be positive.");
        if (Prefetch <= 0) throw new ArgumentOutOfRangeException(nameof(Prefetch), Prefetch, "Must be positive.");
    }
}
