using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Operations;

namespace ZeroContracts.Generator.Diagnostics.Analyzers;

/// <summary>
/// What one socket may be doing at a point of the method, over all paths that reach it: a set of <see cref="SocketState"/>
/// bits, and the more: true sends whose message is still open.
/// </summary>
internal readonly record struct SocketState(int Bits, ImmutableHashSet<IInvocationOperation> Open)
{
    /// <summary>Nothing is known: the socket came from elsewhere, or escaped to code this method cannot see.</summary>
    public const int Unknown = 1;

    /// <summary>Between messages: a REQ may send, a REP may receive.</summary>
    public const int Idle = 2;

    /// <summary>In the middle of a multipart send (the last frame went with more: true).</summary>
    public const int Sending = 4;

    /// <summary>REQ: the request is sent, the reply not received. REP: the request is received, the reply not sent.</summary>
    public const int Waiting = 8;

    /// <summary>A frame was received; more frames of the same message may follow.</summary>
    public const int Receiving = 16;

    /// <summary>SUB: no subscription yet.</summary>
    public const int NotSubscribed = 32;

    /// <summary>SUB: subscribed to at least one topic.</summary>
    public const int Subscribed = 64;

    /// <summary>SUB: no subscription, and a receive was already reported for it (ZC3007 fires once).</summary>
    public const int NotSubscribedReported = 128;

    public static readonly SocketState UnknownState = new(Unknown, ImmutableHashSet<IInvocationOperation>.Empty);

    public static SocketState Fresh(SocketKind kind) =>
        new(kind == SocketKind.Subscriber ? NotSubscribed : Idle, ImmutableHashSet<IInvocationOperation>.Empty);

    public SocketState Join(SocketState other) => new(Bits | other.Bits, Open.Union(other.Open));

    public bool Equals(SocketState other) => Bits == other.Bits && Open.SetEquals(other.Open);

    public override int GetHashCode() => Bits;
}
