using System;
using ZeroContracts.Transport;
using ZeroContracts.Wire;

namespace ZeroContracts.Rpc;

/// <summary>
/// A copy of a request's envelope (docs/protocol.md 2.1): the ROUTER's identity frame and the peer's frames up to the
/// delimiter, kept to send back in front of the reply and, through its hash, to find the call a cancel names (4.1).
/// Owned by a server call or a request batch; used only by the holder of the server socket's turn.
/// </summary>
internal sealed class Envelope
{
    private const int MaxFrames = Frames.MaxEnvelopeFrames + 1; // the ROUTER's identity frame, then the peer's envelope

    private readonly PooledBufferWriter _bytes = new();
    private readonly int[] _lengths = new int[MaxFrames];

    /// <summary>How many frames the envelope has, the identity included.</summary>
    public int FrameCount { get; private set; }

    /// <summary>The hash of the frames, as <see cref="HashOf"/> computes it for a received message.</summary>
    public int Hash { get; private set; }

    /// <summary>A hash of frames 0 to <paramref name="delimiterIndex"/> - 1 of <paramref name="message"/>.</summary>
    public static int HashOf(ReceivedMessage message, int delimiterIndex)
    {
        var hash = new HashCode();
        for (var i = 0; i < delimiterIndex; i++) Add(ref hash, message[i]);
        return hash.ToHashCode();
    }

    /// <summary>Copies frames 0 to <paramref name="delimiterIndex"/> - 1 of <paramref name="message"/>.</summary>
    public void Load(ReceivedMessage message, int delimiterIndex)
    {
        var hash = new HashCode();
        _bytes.Clear();
        FrameCount = 0;
        for (var i = 0; i < delimiterIndex; i++) Append(message[i], ref hash);
        Hash = hash.ToHashCode();
    }

    /// <summary>
    /// Copies the envelope of <paramref name="message"/> with its last frame replaced by <paramref name="lastFrame"/>:
    /// a batch entry's envelope, whose call id stands where the batch id stood (docs/protocol.md 2.7).
    /// </summary>
    public void Load(ReceivedMessage message, int delimiterIndex, ReadOnlySpan<byte> lastFrame)
    {
        var hash = new HashCode();
        _bytes.Clear();
        FrameCount = 0;
        for (var i = 0; i < delimiterIndex - 1; i++) Append(message[i], ref hash);
        Append(lastFrame, ref hash);
        Hash = hash.ToHashCode();
    }

    /// <summary>Frame <paramref name="index"/>, for sending it back in front of the reply.</summary>
    public ReadOnlySpan<byte> Frame(int index)
    {
        var start = 0;
        for (var i = 0; i < index; i++) start += _lengths[i];
        return _bytes.WrittenSpan.Slice(start, _lengths[index]);
    }

    /// <summary>True when frames 0 to <paramref name="delimiterIndex"/> - 1 of <paramref name="message"/> are this envelope.</summary>
    public bool Matches(ReceivedMessage message, int delimiterIndex)
    {
        if (delimiterIndex != FrameCount) return false;
        for (var i = 0; i < delimiterIndex; i++)
        {
            if (!message[i].SequenceEqual(Frame(i))) return false;
        }

        return true;
    }

    /// <summary>Returns the pooled buffer when the owner is dropped rather than pooled.</summary>
    public void Release() => _bytes.Release();

    private void Append(ReadOnlySpan<byte> frame, ref HashCode hash)
    {
        _lengths[FrameCount++] = frame.Length;
        _bytes.Write(frame);
        Add(ref hash, frame);
    }

    private static void Add(ref HashCode hash, ReadOnlySpan<byte> frame)
    {
        hash.AddBytes(frame);
        hash.Add(frame.Length);
    }
}
