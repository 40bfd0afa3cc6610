using System;
using NetMQ;

namespace ZeroContracts.Transport;

/// <summary>
/// Sends frames from spans without waiting. Frames are copied into NetMQ's own buffer pool (<see cref="Msg.InitPool"/>)
/// because NetMQ keeps a sent buffer until its I/O thread has written it, so a caller's pooled array could not be reused.
/// </summary>
internal static class FrameSender
{
    /// <summary>Sends one frame; false when the socket cannot take it now (high-water mark, no peer).</summary>
    public static bool TrySend(NetMQSocket socket, ReadOnlySpan<byte> data, bool more)
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

        try
        {
            return socket.TrySend(ref msg, TimeSpan.Zero, more);
        }
        finally
        {
            msg.Close();
        }
    }

    /// <summary>Sends <c>name 0xFF body</c> as one frame (<see cref="Wire.CompactFrame"/>), copied once into NetMQ's buffer.</summary>
    public static bool TrySendCompact(NetMQSocket socket, ReadOnlySpan<byte> name, ReadOnlySpan<byte> body, bool more)
    {
        var msg = default(Msg);
        msg.InitPool(Wire.CompactFrame.Length(name, body));
        Wire.CompactFrame.Write(msg.Slice(), name, body);
        try
        {
            return socket.TrySend(ref msg, TimeSpan.Zero, more);
        }
        finally
        {
            msg.Close();
        }
    }

    /// <summary>
    /// Sends an immutable frame (a status, an operation name) without copying it: NetMQ references the array until
    /// its I/O thread has written it, which is safe only because nothing ever writes to <paramref name="frame"/>.
    /// </summary>
    public static bool TrySendShared(NetMQSocket socket, byte[] frame, bool more)
    {
        var msg = default(Msg);
        if (frame.Length == 0) msg.InitEmpty();
        else msg.InitGC(frame, frame.Length);
        try
        {
            return socket.TrySend(ref msg, TimeSpan.Zero, more);
        }
        finally
        {
            msg.Close();
        }
    }
}
