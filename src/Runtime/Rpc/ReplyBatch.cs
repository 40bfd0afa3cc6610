using System;
using ZeroContracts.Transport;
using ZeroContracts.Wire;

namespace ZeroContracts.Rpc;

/// <summary>
/// A request batch on the server (docs/protocol.md 2.7): its envelope, the reply batch being filled with the replies
/// of its calls as they finish, and how many of its calls are still unanswered. Pooled by the server; socket thread only.
/// </summary>
internal sealed class ReplyBatch
{
    private const int MaxEnvelopeFrames = Frames.MaxEnvelopeFrames + 1;

    private readonly PooledBufferWriter _envelope = new();
    private readonly int[] _envelopeLengths = new int[MaxEnvelopeFrames];

    /// <summary>The reply batch frame being built; empty when no reply waits to be sent.</summary>
    public PooledBufferWriter Frame { get; } = new();

    /// <summary>Calls of the batch whose reply has not been added yet (or that will not get one).</summary>
    public int Unanswered { get; set; }

    /// <summary>In the server's list of reply batches to send when it next drains its finished calls.</summary>
    public bool IsQueued { get; set; }

    public int EnvelopeFrameCount { get; private set; }

    /// <summary>Copies the request batch's envelope (the ROUTER identity up to the batch id) out of the received message.</summary>
    public void Load(ReceivedMessage message, int delimiterIndex)
    {
        _envelope.Clear();
        Frame.Clear();
        IsQueued = false;
        EnvelopeFrameCount = delimiterIndex;
        for (var i = 0; i < delimiterIndex; i++)
        {
            _envelopeLengths[i] = message[i].Length;
            _envelope.Write(message[i]);
        }
    }

    public ReadOnlySpan<byte> EnvelopeFrame(int index)
    {
        var start = 0;
        for (var i = 0; i < index; i++) start += _envelopeLengths[i];
        return _envelope.WrittenSpan.Slice(start, _envelopeLengths[index]);
    }

    public void ReleaseBuffers()
    {
        _envelope.Release();
        Frame.Release();
    }
}
