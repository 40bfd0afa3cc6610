using System;

namespace ZeroContracts;

/// <summary>Something a server noticed that its clients are not told in full: a failed handler or a dropped message.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Operation">The operation involved, when one was named.</param>
/// <param name="Message">A description for logs.</param>
/// <param name="Exception">The handler's exception, for <see cref="ServerEventKind.HandlerFailed"/>.</param>
public sealed record ServerEvent(ServerEventKind Kind, string? Operation, string Message, Exception? Exception = null);

/// <summary>The kinds of <see cref="ServerEvent"/>.</summary>
public enum ServerEventKind
{
    /// <summary>A handler threw; the client received an error reply.</summary>
    HandlerFailed,

    /// <summary>A message that cannot be answered (no envelope, too many frames) was dropped.</summary>
    MalformedMessageDropped,

    /// <summary>A request was answered with an error before reaching a handler (bad request, unknown operation, overload).</summary>
    RequestRejected,

    /// <summary>A client cancelled a call in progress or waiting (docs/protocol.md 4.1); its handler's token was signalled.</summary>
    CallCancelled,

    /// <summary>
    /// A reply was dropped: its client had disconnected, or had <see cref="ServerOptions.MaxHeldReplies"/> replies
    /// waiting already behind a full send queue. The client's call ends with its timeout.
    /// </summary>
    ReplyDropped,
}
