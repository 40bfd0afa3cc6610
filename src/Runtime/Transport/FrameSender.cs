using System;
using NetMQ;

namespace ZeroContracts.Transport;

/// <summary>
/// Sends frames from spans on one socket without waiting, checking the socket's command mailbox once per message rather
/// than once per frame. Frames are copied into NetMQ's own buffer pool (<see cref="Msg.InitPool"/>) because NetMQ keeps a
/// sent buffer until its I/O thread has written it, so a caller's pooled array could not be reused.
/// </summary>
/// <remarks>
/// NetMQ's public send processes the socket's pending commands before every frame; where its cycle counter is not
/// available (Linux) that is a <c>poll()</c> on the mailbox per frame. The first frame of a message still goes through
/// the public send (commands processed, high-water mark and ROUTER_MANDATORY checked there); the frames that continue it
/// go to the socket's own send step (<see cref="SocketSteps"/>), as NetMQ itself does between frames when its
/// counter says a check was made recently. Once ZeroMQ has taken a message's first frame it takes the rest: a pipe's
/// high-water mark counts whole messages, and only a command (processed or not) could end the pipe mid-message.
/// Where NetMQ's internals are not found, every frame takes the public send, as before.
/// </remarks>
internal sealed class FrameSender
{
    private readonly NetMQSocket _socket;
    private readonly SocketSteps? _continuation;

    // Mirrors the socket's own state: the last frame it took had the more flag. Only the owner of the socket sends.
    private bool _inMessage;

    /// <summary>Sends on <paramref name="socket"/>.</summary>
    /// <param name="socket">The socket; only the owner of the socket uses this sender.</param>
    /// <param name="useInternals">False sends every frame through NetMQ's public send even where the internals are found (for tests).</param>
    public FrameSender(NetMQSocket socket, bool useInternals = true)
    {
        _socket = socket;
        _continuation = useInternals ? SocketSteps.For(socket) : null;
    }

    /// <summary>Whether the frames after a message's first skip the mailbox check (true) or each take NetMQ's public send.</summary>
    public bool ContinuesWithoutCommands => _continuation is not null;

    /// <summary>How many frames were sent without a mailbox check, counted before each send (for tests: the cheaper path is really taken).</summary>
    internal long ContinuationFrames { get; private set; }

    /// <summary>Sends one frame; false when the socket cannot take it now (high-water mark, no peer).</summary>
    public bool TrySend(ReadOnlySpan<byte> data, bool more)
    {
        var msg = default(Msg);
        if (data.Length == 0)
        {
            msg.InitEmpty();
        }
        else
        {
            msg.InitPool(data.Length);
            data.CopyTo(msg.Slice());
        }

        return SendAndClose(ref msg, more);
    }

    /// <summary>Sends <c>name 0xFF body</c> as one frame (<see cref="Wire.CompactFrame"/>), copied once into NetMQ's buffer.</summary>
    public bool TrySendCompact(ReadOnlySpan<byte> name, ReadOnlySpan<byte> body, bool more)
    {
        var msg = default(Msg);
        msg.InitPool(Wire.CompactFrame.Length(name, body));
        Wire.CompactFrame.Write(msg.Slice(), name, body);
        return SendAndClose(ref msg, more);
    }

    /// <summary>
    /// Sends an immutable frame (a status, an operation name) without copying it: NetMQ references the array until
    /// its I/O thread has written it, which is safe only because nothing ever writes to <paramref name="frame"/>.
    /// </summary>
    public bool TrySendShared(byte[] frame, bool more)
    {
        var msg = default(Msg);
        if (frame.Length == 0) msg.InitEmpty();
        else msg.InitGC(frame, frame.Length);
        return SendAndClose(ref msg, more);
    }

    private bool SendAndClose(ref Msg msg, bool more)
    {
        try
        {
            bool sent;
            if (_inMessage && _continuation is not null)
            {
                // Counted first: a test that reads it once the peer has the message sees this frame counted.
                ContinuationFrames++;
                sent = _continuation.TrySend(ref msg, more);
            }
            else
            {
                sent = _socket.TrySend(ref msg, TimeSpan.Zero, more);
            }

            // A refused frame (or one that threw) leaves the socket where it was, in a message or not.
            if (sent) _inMessage = more;
            return sent;
        }
        finally
        {
            msg.Close();
        }
    }
}
