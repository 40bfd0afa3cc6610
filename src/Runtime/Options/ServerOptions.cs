using System;

namespace ZeroContracts;

/// <summary>Settings for a generated request/reply server.</summary>
public sealed class ServerOptions : SocketOptionsBase
{
    /// <summary>How many handler calls may run at once. Default 64.</summary>
    public int MaxConcurrentCalls { get; set; } = 64;

    /// <summary>
    /// How many received calls may wait for a free handler slot. A call beyond that is answered at once with
    /// the error code <c>overloaded</c> rather than queued without bound. Default 4096.
    /// </summary>
    public int MaxQueuedCalls { get; set; } = 4096;

    /// <summary>
    /// How many replies may wait in the server for one client whose send queue is full
    /// (<see cref="SocketOptionsBase.SendHighWaterMark"/>). They go out, in order, as soon as the queue has room; a reply
    /// beyond that is dropped and reported (<see cref="ServerEventKind.ReplyDropped"/>), and its call ends with the
    /// client's <see cref="ClientOptions.CallTimeout"/>. The queue can count as full well before it holds
    /// <see cref="SocketOptionsBase.SendHighWaterMark"/> messages, since ZeroMQ learns what its I/O thread took only every
    /// few hundred, so this is what keeps a client with many calls in flight from losing replies; it also bounds what a
    /// client that stops reading costs the server. 0: a reply that cannot be queued at once is dropped. Default 4096.
    /// </summary>
    public int MaxHeldReplies { get; set; } = 4096;

    /// <summary>What clients learn about exceptions thrown by handlers. Default <see cref="ExceptionDetail.Hidden"/>.</summary>
    public ExceptionDetail ExceptionDetail { get; set; } = ExceptionDetail.Hidden;

    /// <summary>
    /// Runs handlers on the server's socket thread while it holds the socket. A handler that finishes without awaiting
    /// then has its reply sent at once; a handler that awaits goes on wherever its await resumes, as usual. By default
    /// the socket thread runs handlers too, but lets go of the socket first, hands a batch's rest to the thread pool
    /// after 0.5 ms (and every handler for 100 ms once they average over 100 µs), and a stand-in takes the socket over
    /// when a handler keeps the thread a few milliseconds; this
    /// option saves that bookkeeping. Only for handlers that are quick and never block: while one runs, the server
    /// receives nothing else. Default <see langword="false"/>.
    /// </summary>
    public bool RunHandlersInline { get; set; }

    /// <summary>
    /// Called when a handler throws, or when a message is dropped as malformed, so the server's owner sees what
    /// clients do not. Runs on the server's threads; it must not block.
    /// </summary>
    public Action<ServerEvent>? OnEvent { get; set; }

    private protected override void ValidateMore()
    {
        if (MaxConcurrentCalls <= 0) throw new ArgumentOutOfRangeException(nameof(MaxConcurrentCalls), MaxConcurrentCalls, "Must be positive.");
        if (MaxQueuedCalls < 0) throw new ArgumentOutOfRangeException(nameof(MaxQueuedCalls), MaxQueuedCalls, "Must not be negative.");
        if (MaxHeldReplies < 0) throw new ArgumentOutOfRangeException(nameof(MaxHeldReplies), MaxHeldReplies, "Must not be negative.");
    }
}
