using System;
using System.Collections.Generic;
using NetMQ;
using ZeroContracts.Transport;

namespace ZeroContracts.Rpc;

/// <summary>
/// Replies a server could not hand to its ROUTER yet because their client's send queue counted as full
/// (<see cref="SocketOptionsBase.SendHighWaterMark"/>), kept per client, in order, and sent as soon as the queue has room.
/// </summary>
/// <remarks>
/// A plain ROUTER drops such a reply without a word, and its call then waits out the client's timeout. The queue can
/// count as full well before it holds that many messages, because ZeroMQ learns what its I/O thread took only every few
/// hundred messages, so a client with many calls in flight loses replies while it reads as fast as it can. With
/// ROUTER_MANDATORY the send is refused instead, and the reply waits here. When the I/O thread reports room, the ROUTER's
/// mailbox wakes the socket thread, which retries; a retry timer with back-off covers a report that a receive took
/// between a refused retry and the wait. Used only by the holder of the server socket's turn.
/// </remarks>
internal sealed class HeldReplies
{
    private const int FirstRetryDelayMs = 1;
    private const int LongestRetryDelayMs = 64;

    private readonly Dictionary<byte[], Queue<byte[][]>> _byClient = new(IdentityComparer.Instance);
    private readonly List<byte[]> _finished = new(); // clients whose held replies are all sent, or who are gone
    private readonly int _limitPerClient;
    private int _retryDelayMs = FirstRetryDelayMs;

    /// <param name="limitPerClient">How many replies one client may have waiting here; more are dropped.</param>
    public HeldReplies(int limitPerClient) => _limitPerClient = limitPerClient;

    /// <summary>How many replies wait, over all clients.</summary>
    public int Count { get; private set; }

    /// <summary>The most replies that have waited at once (for tests).</summary>
    public int Peak { get; private set; }

    /// <summary>How long the socket thread may wait before it retries on its own, in milliseconds; grows while retries fail.</summary>
    public int RetryDelayMs => _retryDelayMs;

    /// <summary>Whether replies to the client named by <paramref name="identity"/> wait here: a new one must queue behind them.</summary>
    public bool IsHolding(ReadOnlySpan<byte> identity) => Count > 0 && _byClient.ContainsKey(identity.ToArray());

    /// <summary>Keeps a whole reply (<paramref name="frames"/>, the ROUTER identity first); false when its client already has the most allowed.</summary>
    public bool TryHold(byte[][] frames)
    {
        if (!_byClient.TryGetValue(frames[0], out var replies))
        {
            if (_limitPerClient == 0) return false;
            replies = new Queue<byte[][]>();
            _byClient.Add(frames[0], replies);
        }
        else if (replies.Count >= _limitPerClient)
        {
            return false;
        }

        replies.Enqueue(frames);
        Count++;
        Peak = Math.Max(Peak, Count);
        return true;
    }

    /// <summary>
    /// Sends, client by client and in order, every held reply the ROUTER takes now; calls <paramref name="clientGone"/>
    /// with the number of replies dropped for a client that has disconnected.
    /// </summary>
    public void Retry(FrameSender sender, Action<int> clientGone)
    {
        var sentAny = false;
        _finished.Clear();
        foreach (var (identity, replies) in _byClient)
        {
            while (replies.Count > 0)
            {
                var sent = TrySend(sender, replies.Peek());
                if (sent is null)
                {
                    _finished.Add(identity);
                    break;
                }

                if (sent == false) break;
                replies.Dequeue();
                Count--;
                sentAny = true;
            }

            if (replies.Count == 0) _finished.Add(identity);
        }

        foreach (var identity in _finished)
        {
            var dropped = _byClient[identity].Count;
            _byClient.Remove(identity);
            if (dropped == 0) continue;
            Count -= dropped;
            clientGone(dropped);
        }

        _retryDelayMs = sentAny ? FirstRetryDelayMs : Math.Min(_retryDelayMs * 2, LongestRetryDelayMs);
    }

    /// <summary>Forgets every held reply (the server is closing).</summary>
    public void Clear()
    {
        _byClient.Clear();
        Count = 0;
    }

    /// <summary>
    /// Sends a reply's first frame, its client's ROUTER identity, through a ROUTER with ROUTER_MANDATORY: true when
    /// taken (the rest of the message then is too: the queue's room is checked per message), false when the client's
    /// queue is full (nothing was sent), null when the client is gone (no connection has that identity).
    /// </summary>
    public static bool? TrySendIdentity(FrameSender sender, ReadOnlySpan<byte> identity)
    {
        try
        {
            return sender.TrySend(identity, more: true);
        }
        catch (HostUnreachableException)
        {
            return null;
        }
    }

    /// <summary>Sends one whole held reply; as <see cref="TrySendIdentity"/>.</summary>
    private static bool? TrySend(FrameSender sender, byte[][] frames)
    {
        if (TrySendIdentity(sender, frames[0]) is not true and var refused) return refused;
        for (var i = 1; i < frames.Length; i++) sender.TrySend(frames[i], more: i < frames.Length - 1);
        return true;
    }

    private sealed class IdentityComparer : IEqualityComparer<byte[]>
    {
        public static readonly IdentityComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] identity)
        {
            var hash = new HashCode();
            hash.AddBytes(identity);
            return hash.ToHashCode();
        }
    }
}
