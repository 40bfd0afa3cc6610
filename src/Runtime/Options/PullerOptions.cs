using System;

namespace ZeroContracts;

/// <summary>Settings for a generated puller (a pipeline worker).</summary>
/// <remarks>
/// A puller takes a message off its socket only when a handler slot is free, so the messages it has not started
/// stay in ZeroMQ's queue (<see cref="SocketOptionsBase.ReceiveHighWaterMark"/>) where the pusher sees it is busy
/// and gives new work to other workers.
/// </remarks>
public sealed class PullerOptions : SocketOptionsBase
{
    /// <summary>How many handler calls may run at once. Default 1: one message at a time, in order.</summary>
    public int MaxConcurrentHandlers { get; set; } = 1;

    /// <summary>
    /// Runs the handler on the puller's socket thread, one message at a time, reading the next message when it
    /// returns: no thread handoff per message, and unstarted work still stays in ZeroMQ's queue.
    /// <see cref="MaxConcurrentHandlers"/> is then ignored. Only for handlers that are quick and never block;
    /// disposing waits for a handler that is running. Default <see langword="false"/>.
    /// </summary>
    public bool RunHandlersInline { get; set; }

    /// <summary>Called when a handler throws or a message cannot be decoded. Runs on the puller's threads; it must not block.</summary>
    public Action<MessageEvent>? OnEvent { get; set; }

    private protected override void ValidateMore()
    {
        if (MaxConcurrentHandlers <= 0) throw new ArgumentOutOfRangeException(nameof(MaxConcurrentHandlers), MaxConcurrentHandlers, "Must be positive.");
    }
}
