using System;
using System.Buffers.Binary;

namespace ZeroContracts.Security;

/// <summary>
/// A frame's flags and body size, and the codec for the header bytes: <c>flags size</c> where size is one octet, or
/// eight big-endian octets when <see cref="ZmtpFrameFlags.Long"/> is set.
/// </summary>
internal readonly record struct ZmtpFrameHeader(ZmtpFrameFlags Flags, long Size)
{
    public const int ShortLength = 2;

    public const int LongLength = 9;

    private const byte ReservedBits = 0xF8;

    public bool IsCommand => (Flags & ZmtpFrameFlags.Command) != 0;

    public bool HasMore => (Flags & ZmtpFrameFlags.More) != 0;

    /// <summary>How many header bytes follow from the first (flags) byte.</summary>
    public static int LengthFromFlags(byte flags) => (flags & (byte)ZmtpFrameFlags.Long) != 0 ? LongLength : ShortLength;

    /// <summary>The header length a body of <paramref name="size"/> bytes needs.</summary>
    public static int LengthFor(long size) => size > byte.MaxValue ? LongLength : ShortLength;

    /// <summary>
    /// Parses a complete header (<see cref="LengthFromFlags"/> bytes) and refuses a size above
    /// <paramref name="maxSize"/>, so a caller never allocates what a peer merely claims.
    /// </summary>
    public static ZmtpFrameHeader Parse(ReadOnlySpan<byte> header, long maxSize)
    {
        byte flags = header[0];
        if ((flags & ReservedBits) != 0)
        {
            throw new ZmtpProtocolException(ZmtpFailure.MalformedFrame, $"Frame flags 0x{flags:X2} set reserved bits.");
        }

        long size;
        if ((flags & (byte)ZmtpFrameFlags.Long) != 0)
        {
            ulong longSize = BinaryPrimitives.ReadUInt64BigEndian(header.Slice(1, 8));
            if (longSize > (ulong)maxSize)
            {
                throw new ZmtpProtocolException(ZmtpFailure.FrameTooLarge, $"A frame of {longSize} bytes exceeds the limit of {maxSize} bytes.");
            }

            size = (long)longSize;
        }
        else
        {
            size = header[1];
            if (size > maxSize)
            {
                throw new ZmtpProtocolException(ZmtpFailure.FrameTooLarge, $"A frame of {size} bytes exceeds the limit of {maxSize} bytes.");
            }
        }

        return new ZmtpFrameHeader((ZmtpFrameFlags)(flags & ~(byte)ZmtpFrameFlags.Long), size);
    }

    /// <summary>Writes a header for a body of <paramref name="size"/> bytes, short form when it fits; returns its length.</summary>
    public static int Write(Span<byte> destination, ZmtpFrameFlags flags, long size)
    {
        flags &= ~ZmtpFrameFlags.Long;
        if (size > byte.MaxValue)
        {
            destination[0] = (byte)(flags | ZmtpFrameFlags.Long);
            BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(1, 8), (ulong)size);
            return LongLength;
        }

        destination[0] = (byte)flags;
        destination[1] = (byte)size;
        return ShortLength;
    }
}
