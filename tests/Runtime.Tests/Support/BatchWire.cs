using System.Buffers.Binary;

namespace ZeroContracts.Runtime.Tests.Support;

/// <summary>Request and reply batch frames (docs/protocol.md 2.7), written and read by hand as a peer in another language would.</summary>
public static class BatchWire
{
    /// <summary><c>~2 batch</c> and its 0xFF: the start of every batch frame.</summary>
    public static readonly byte[] Prefix = [.. "~2 batch"u8, 0xFF];

    public static bool IsBatch(byte[] frame) => frame.AsSpan().StartsWith(Prefix);

    /// <summary>A batch frame of the given entries: call id, 4-byte big-endian length, content.</summary>
    public static byte[] Frame(params (uint CallId, byte[] Content)[] entries)
    {
        var frame = new List<byte>(Prefix);
        foreach (var (callId, content) in entries) frame.AddRange(Entry(callId, content));
        return frame.ToArray();
    }

    public static byte[] Entry(uint callId, byte[] content)
    {
        var entry = new byte[8 + content.Length];
        BinaryPrimitives.WriteUInt32BigEndian(entry, callId);
        BinaryPrimitives.WriteUInt32BigEndian(entry.AsSpan(4), (uint)content.Length);
        content.CopyTo(entry, 8);
        return entry;
    }

    /// <summary>The entries of a batch frame; fails the test when the frame is not a well-formed batch.</summary>
    public static List<(uint CallId, byte[] Content)> Entries(byte[] frame)
    {
        IsBatch(frame).ShouldBeTrue("the frame is not a batch");
        var entries = new List<(uint, byte[])>();
        var position = Prefix.Length;
        while (position < frame.Length)
        {
            (frame.Length - position).ShouldBeGreaterThanOrEqualTo(8, "a truncated entry header");
            var callId = BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(position));
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(position + 4));
            (frame.Length - position - 8).ShouldBeGreaterThanOrEqualTo(length, "an entry overruns the frame");
            entries.Add((callId, frame.AsSpan(position + 8, length).ToArray()));
            position += 8 + length;
        }

        return entries;
    }

    public static uint Id(byte[] frame) => BinaryPrimitives.ReadUInt32BigEndian(frame);
}
