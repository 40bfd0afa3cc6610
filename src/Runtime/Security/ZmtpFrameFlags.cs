using System;

namespace ZeroContracts.Security;

/// <summary>The flags octet that starts every ZMTP 3.0 frame (RFC 23).</summary>
[Flags]
internal enum ZmtpFrameFlags : byte
{
    None = 0,

    /// <summary>More frames of the same message follow.</summary>
    More = 1,

    /// <summary>The size is an 8-byte big-endian number instead of one byte.</summary>
    Long = 2,

    /// <summary>The frame is a command (handshake, PING...), not message data.</summary>
    Command = 4,
}
