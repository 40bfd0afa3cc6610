using System;
using System.Buffers.Binary;

namespace ZeroContracts.PubSub;

/// <summary>
/// The stamp frame of a Typed PUB/SUB message (docs/protocol.md 5.3): the publisher's random 64-bit id, then the
/// message's sequence number on its topic, both big-endian. An empty stamp frame means "not stamped".
/// </summary>
internal static class SequenceStamp
{
    public const int Size = 16;

    public static void Write(Span<byte> destination, ulong publisherId, ulong sequence)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, publisherId);
        BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(8), sequence);
    }

    public static (ulong PublisherId, ulong Sequence) Read(ReadOnlySpan<byte> stamp) =>
        (BinaryPrimitives.ReadUInt64BigEndian(stamp), BinaryPrimitives.ReadUInt64BigEndian(stamp.Slice(8)));
}
