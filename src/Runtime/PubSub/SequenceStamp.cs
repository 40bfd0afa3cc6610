using System;
using System.Buffers.Binary;

namespace ZeroContracts.PubSub;

/// <summary>
/// The sequence stamp of a Typed PUB/SUB message (docs/protocol.md 5.3): the publisher's random 64-bit id, then the
/// message's sequence number on its topic, both big-endian. It travels at the end of the topic frame, after byte
/// 0xFF, which never occurs in the UTF-8 topic text before it; a topic frame without that trailer is not stamped.
/// </summary>
internal static class SequenceStamp
{
    public const int Size = 16;

    /// <summary>The byte between the topic text and the stamp.</summary>
    public const byte Marker = 0xFF;

    /// <summary>What a stamp adds to the topic frame: the marker and the stamp.</summary>
    public const int TrailerSize = 1 + Size;

    /// <summary>Appends the marker and the stamp to a topic frame being built in <paramref name="trailer"/>.</summary>
    public static void WriteTrailer(Span<byte> trailer, ulong publisherId, ulong sequence)
    {
        trailer[0] = Marker;
        BinaryPrimitives.WriteUInt64BigEndian(trailer.Slice(1), publisherId);
        BinaryPrimitives.WriteUInt64BigEndian(trailer.Slice(1 + 8), sequence);
    }

    /// <summary>
    /// Splits a topic frame into its topic text and its stamp (empty when the frame is not stamped). Read from the
    /// end: the key in the text is arbitrary, and the stamp's own bytes may be 0xFF.
    /// </summary>
    public static ReadOnlySpan<byte> SplitTopicFrame(ReadOnlySpan<byte> frame, out ReadOnlySpan<byte> stamp)
    {
        var marker = frame.Length - TrailerSize;
        if (marker >= 0 && frame[marker] == Marker)
        {
            stamp = frame.Slice(marker + 1);
            return frame.Slice(0, marker);
        }

        stamp = default;
        return frame;
    }

    public static (ulong PublisherId, ulong Sequence) Read(ReadOnlySpan<byte> stamp) =>
        (BinaryPrimitives.ReadUInt64BigEndian(stamp), BinaryPrimitives.ReadUInt64BigEndian(stamp.Slice(8)));
}
