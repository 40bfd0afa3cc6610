using System;

namespace ZeroContracts;

/// <summary>Something a subscriber or puller noticed: a failed handler, an undecodable message, missed messages, or a connection that failed.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Topic">The topic (with its key) or operation involved, when known.</param>
/// <param name="Message">A description for logs.</param>
/// <param name="Count">For <see cref="MessageEventKind.MessagesMissed"/>, how many messages were missed.</param>
/// <param name="Exception">The handler's or decoder's exception, when there is one.</param>
public sealed record MessageEvent(MessageEventKind Kind, string? Topic, string Message, long Count = 0, Exception? Exception = null);

/// <summary>The kinds of <see cref="MessageEvent"/>.</summary>
public enum MessageEventKind
{
    /// <summary>A handler threw; the subscriber or puller went on with the next message.</summary>
    HandlerFailed,

    /// <summary>A message that does not follow docs/protocol.md was counted and skipped.</summary>
    MalformedMessageDropped,

    /// <summary>The publisher's sequence numbers skipped: messages were dropped at a high-water mark or during a reconnect.</summary>
    MessagesMissed,

    /// <summary>
    /// A CURVE connection to the endpoint could not be made (for example the server's public key is wrong); it is
    /// retried, and reported again only if the reason changes or after a connection succeeded.
    /// </summary>
    ConnectionFailed,
}
