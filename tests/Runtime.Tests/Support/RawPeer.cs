using System.Buffers.Binary;
using System.Text;
using NetMQ;

namespace ZeroContracts.Runtime.Tests.Support;

/// <summary>Plain NetMQ helpers for tests that play the other side by hand.</summary>
public static class RawPeer
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    public static void Send(IOutgoingSocket socket, params byte[][] frames)
    {
        for (var i = 0; i < frames.Length; i++)
        {
            socket.TrySendFrame(Wait, frames[i], more: i < frames.Length - 1).ShouldBeTrue("the frame could not be queued");
        }
    }

    public static List<byte[]> Receive(IReceivingSocket socket)
    {
        var frames = new List<byte[]>();
        socket.TryReceiveMultipartBytes(Wait, ref frames).ShouldBeTrue("no reply within the wait");
        return frames;
    }

    /// <summary>
    /// The next request a ROUTER receives from a generated client, skipping the client's cancel messages
    /// (docs/protocol.md 4.1), which it sends for calls that timed out.
    /// </summary>
    public static List<byte[]> ReceiveRequest(IReceivingSocket router)
    {
        while (true)
        {
            var frames = Receive(router);
            if (!(frames.Count == 4 && Text(frames[3]) == "!cancel")) return frames;
        }
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>
    /// A name frame carrying its body (docs/protocol.md 2.2, 2.3, 6.1): the header, status or operation name, byte 0xFF,
    /// then the body's UTF-8 bytes.
    /// </summary>
    public static byte[] Compact(string name, string body) => Utf8(name).Append((byte)0xFF).Concat(Utf8(body)).ToArray();

    /// <summary>
    /// A stamped Typed topic frame as a publisher writes it (docs/protocol.md 5.1, 5.3): the topic text, byte 0xFF, an
    /// 8-byte publisher id and an 8-byte big-endian sequence number.
    /// </summary>
    public static byte[] Stamped(byte[] topic, ulong publisherId, ulong sequence)
    {
        var frame = new byte[topic.Length + 17];
        topic.CopyTo(frame, 0);
        frame[topic.Length] = 0xFF;
        BinaryPrimitives.WriteUInt64BigEndian(frame.AsSpan(topic.Length + 1), publisherId);
        BinaryPrimitives.WriteUInt64BigEndian(frame.AsSpan(topic.Length + 9), sequence);
        return frame;
    }

    /// <summary>The sequence number in a stamped Typed topic frame.</summary>
    public static ulong SequenceIn(byte[] frame) => BinaryPrimitives.ReadUInt64BigEndian(frame.AsSpan(frame.Length - 8));

    /// <summary>The publisher id in a stamped Typed topic frame, in hex.</summary>
    public static string PublisherIdIn(byte[] frame) => Convert.ToHexString(frame, frame.Length - 16, 8);

    /// <summary>A compact request or reply frame (docs/protocol.md 2.2, 2.3): the header or status, byte 0xFF, then the body.</summary>
    public static byte[] Compact(string head, byte[] body) => [.. Utf8(head), 0xFF, .. body];

    /// <summary>The frame a compact request or reply of <paramref name="head"/> ends with: compact with a body, the head alone without.</summary>
    public static byte[] CompactOrHead(string head, string? body) => body is null ? Utf8(head) : Compact(head, body);

    /// <summary>The status (or header) and the body text of a compact frame; fails the test when the frame is not compact.</summary>
    public static (string Head, string Body) SplitCompact(byte[] frame)
    {
        var marker = Array.IndexOf(frame, (byte)0xFF);
        marker.ShouldBeGreaterThanOrEqualTo(0, "the frame is not in the compact form");
        return (Encoding.UTF8.GetString(frame, 0, marker), Encoding.UTF8.GetString(frame, marker + 1, frame.Length - marker - 1));
    }

    public static string Text(byte[] frame) => Encoding.UTF8.GetString(frame);

    /// <summary>A 4-byte big-endian request id, as the generated client sends.</summary>
    public static byte[] RequestId(uint id) => new[] { (byte)(id >> 24), (byte)(id >> 16), (byte)(id >> 8), (byte)id };
}
