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

    private SocketSteps? _steps;
    private NetMQSocket? _stepsSocket;

    // The last receive found a message: the next may skip the mailbox check (TryReceive).
    private bool _justReceived;

    public int Count { get; private set; }

    /// <summary>False makes every receive check the mailbox, as NetMQ's public receive does (for tests).</summary>
    public bool ReceivesQuietly { get; init; } = true;

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

    /// <summary>
    /// Receives one whole message without waiting; false when none is ready. Right after a message, the next receive
    /// skips NetMQ's check of the socket's command mailbox (<see cref="SocketSteps"/>): a <c>poll()</c> that the receive
    /// ending a drain before <see cref="SocketWait"/> would otherwise pay every time, and that finds nothing new, since
    /// a command that comes after the socket's last check wakes that wait anyway. What such a receive does find is
    /// already in the socket's pipes. After a receive that found nothing, the next one checks the mailbox again: it
    /// follows a wait, and the command that ended the wait may be the one that makes a pipe readable.
    /// </summary>
    public bool TryReceive(NetMQSocket socket)
    {
        var quietly = _justReceived ? StepsFor(socket) : null;
        _justReceived = Receive(socket, quietly);
        if (!_justReceived && quietly is not null) QuietMisses++;
        return _justReceived;
    }

    /// <summary>Receives that ended a drain without a mailbox check (for tests: the cheaper path is really taken).</summary>
    internal long QuietMisses { get; private set; }

    /// <summary>Receives one whole message without waiting, its first frame through <paramref name="quietly"/> when given.</summary>
    private bool Receive(NetMQSocket socket, SocketSteps? quietly)
    {
        _bytes.Clear();
        Count = 0;
        ExtraFrames = 0;

        var msg = default(Msg);
        msg.InitEmpty();
        try
        {
            var received = quietly is null ? socket.TryReceive(ref msg, TimeSpan.Zero) : quietly.TryReceive(ref msg);
            if (!received) return false;
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

    /// <summary>The steps of <paramref name="socket"/>, bound on first use; null where NetMQ's internals are not found or not to be used.</summary>
    private SocketSteps? StepsFor(NetMQSocket socket)
    {
        if (!ReceivesQuietly) return null;
        if (!ReferenceEquals(_stepsSocket, socket))
        {
            _steps = SocketSteps.For(socket);
            _stepsSocket = socket;
        }

        return _steps;
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
