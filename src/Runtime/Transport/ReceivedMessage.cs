using System;
using NetMQ;
using ZeroContracts.Wire;

namespace ZeroContracts.Transport;

/// <summary>
/// The frames of one received multipart message, copied into one reusable buffer. Owned by a socket's poller
/// thread; frames past <see cref="MaxFrames"/> are read off the socket and dropped, and counted in
/// <see cref="ExtraFrames"/>, so a hostile peer cannot make the receiver hold an unbounded message.
/// </summary>
internal sealed class ReceivedMessage
{
    public const int MaxFrames = 16;

    private PooledBufferWriter _bytes = new();
    private readonly int[] _starts = new int[MaxFrames];
    private readonly int[] _lengths = new int[MaxFrames];

    public int Count { get; private set; }

    public int ExtraFrames { get; private set; }

    public ReadOnlySpan<byte> this[int index] => _bytes.WrittenSpan.Slice(_starts[index], _lengths[index]);

    public int TotalSize => _bytes.WrittenCount;

    /// <summary>Where frame <paramref name="index"/> starts in the buffer that <see cref="Exchange"/> hands over.</summary>
    public int StartOf(int index) => _starts[index];

    /// <summary>
    /// Hands the buffer holding this message's frames to the caller and continues with <paramref name="replacement"/>,
    /// so a frame can be kept without copying it; the frames are no longer readable here afterwards.
    /// </summary>
    public PooledBufferWriter Exchange(PooledBufferWriter replacement)
    {
        var bytes = _bytes;
        replacement.Clear();
        _bytes = replacement;
        Count = 0;
        ExtraFrames = 0;
        return bytes;
    }

    /// <summary>Gives the buffer back to the pool when the socket closes.</summary>
    public void Release() => _bytes.Release();

    /// <summary>Receives one whole message without waiting; false when none is ready.</summary>
    public bool TryReceive(NetMQSocket socket) => TryReceive(socket, TimeSpan.Zero);

    /// <summary>Receives one whole message, waiting up to <paramref name="wait"/> for it to begin; false when none came.</summary>
    public bool TryReceive(NetMQSocket socket, TimeSpan wait)
    {
        _bytes.Clear();
        Count = 0;
        ExtraFrames = 0;

        var msg = default(Msg);
        msg.InitEmpty();
        try
        {
            if (!socket.TryReceive(ref msg, wait)) return false;
            while (true)
            {
                Append(msg);
                if (!msg.HasMore) return true;

                // The rest of a multipart message is already queued: ZeroMQ delivers messages whole. Asking without a
                // timeout first matters: a receive with a timeout allocates a Stopwatch in NetMQ, every frame.
                if (!socket.TryReceive(ref msg, TimeSpan.Zero)) socket.TryReceive(ref msg, TimeSpan.FromSeconds(1));
            }
        }
        finally
        {
            msg.Close();
        }
    }

    private void Append(Msg msg)
    {
        if (Count == MaxFrames)
        {
            ExtraFrames++;
            return;
        }

        _starts[Count] = _bytes.WrittenCount;
        _lengths[Count] = msg.Size;
        if (msg.Size > 0) _bytes.Write(msg.Slice());
        Count++;
    }
}
