using System;
using System.Threading;

namespace ZeroContracts;

/// <summary>Settings for a generated pusher.</summary>
/// <remarks>
/// A pusher never drops a message because workers are busy or absent. Each worker has a queue of
/// <see cref="SocketOptionsBase.SendHighWaterMark"/> messages; when every worker's queue is full, or no worker is
/// connected, messages wait in the pusher (up to <see cref="MaxQueuedMessages"/>), and then pushing blocks until a
/// worker takes one or <see cref="SendTimeout"/> passes. Work already dealt to a worker that leaves is lost with it, as
/// with any ZeroMQ PUSH socket (docs/protocol.md 6.3).
/// </remarks>
public sealed class PusherOptions : SocketOptionsBase
{
    /// <summary>How many pushed messages may wait in the pusher for a worker with room. Default 1000.</summary>
    public int MaxQueuedMessages { get; set; } = 1000;

    /// <summary>
    /// How long a push waits for room before it fails with <see cref="TimeoutException"/> (and the message is not
    /// sent). Default <see cref="Timeout.InfiniteTimeSpan"/>: wait as long as it takes, as a PUSH socket does.
    /// </summary>
    public TimeSpan SendTimeout { get; set; } = Timeout.InfiniteTimeSpan;

    private protected override void ValidateMore()
    {
        if (MaxQueuedMessages <= 0) throw new ArgumentOutOfRangeException(nameof(MaxQueuedMessages), MaxQueuedMessages, "Must be positive.");
        if (SendTimeout < TimeSpan.Zero && SendTimeout != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(SendTimeout), SendTimeout, "Must not be negative, or Timeout.InfiniteTimeSpan.");
    }
}
