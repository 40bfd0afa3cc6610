using System;
using ZeroContracts.Transport;
using ZeroContracts.Wire;

namespace ZeroContracts.Rpc;

/// <summary>
/// A request batch on the server (docs/protocol.md 2.7): its envelope, the reply batch being filled with the replies
/// of its calls as they finish, and how many of its calls are still unanswered. Pooled by the server; used only by the
/// holder of its socket's turn.
/// </summary>
internal sealed class ReplyBatch
{
    /// <summary>The request batch's envelope (the ROUTER identity up to the batch id), in front of every reply batch.</summary>
    public Envelope Envelope { get; } = new();

    /// <summary>The reply batch frame being built; empty when no reply waits to be sent.</summary>
    public PooledBufferWriter Frame { get; } = new();

    /// <summary>Calls of the batch whose reply has not been added yet (or that will not get one).</summary>
    public int Unanswered { get; set; }

    /// <summary>In the server's list of reply batches to send when it next drains its finished calls.</summary>
    public bool IsQueued { get; set; }

    /// <summary>Copies the request batch's envelope out of the received message, with no reply added yet.</summary>
    public void Load(ReceivedMessage message, int delimiterIndex)
    {
        Envelope.Load(message, delimiterIndex);
        Frame.Clear();
        IsQueued = false;
    }

    public void ReleaseBuffers()
    {
        Envelope.Release();
        Frame.Release();
    }
}
