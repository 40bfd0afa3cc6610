using System;
using System.Buffers.Binary;
using System.Collections.Generic;

namespace ZeroContracts.Wire;

/// <summary>
/// The frame of a request or reply batch (docs/protocol.md 2.7): <c>~2 batch 0xFF</c>, then entries of a 4-byte call
/// id, a 4-byte length and that many bytes of one compact request (<c>header[0xFF body]</c>) or compact reply
/// (<c>status[0xFF body]</c>), all big-endian. NetMQ's cost is per frame, so many calls in one frame cost about one.
/// </summary>
internal static class BatchFrame
{
    /// <summary>The versioned header that starts a batch frame, before its 0xFF.</summary>
    public static ReadOnlySpan<byte> Header => "~2 batch"u8;

    /// <summary>The call id and length in front of each entry's content.</summary>
    public const int EntryHeaderSize = 8;

    /// <summary>Most entries in one batch, sent or accepted.</summary>
    public const int MaxEntries = 1024;

    /// <summary>Largest batch frame a client sends once the server is known to take batches, and a server's reply batch.</summary>
    public const int MaxSize = 64 * 1024;

    /// <summary>Largest batch frame a client sends before it knows whether the server takes batches.</summary>
    public const int MaxProbeSize = 1024;

    /// <summary>A call whose compact request is larger than this goes out alone: batching it would save little.</summary>
    public const int MaxEntryContentSize = 4 * 1024;

    /// <summary>The bytes in front of the first entry: the header and its 0xFF.</summary>
    public static int PrefixSize => Header.Length + 1;

    /// <summary>True when <paramref name="frame"/> starts with <c>~2 batch 0xFF</c>.</summary>
    public static bool IsBatch(ReadOnlySpan<byte> frame) =>
        frame.Length >= PrefixSize && frame.StartsWith(Header) && frame[Header.Length] == CompactFrame.Separator;

    /// <summary>The size an entry with <paramref name="contentLength"/> bytes of content adds to a batch frame.</summary>
    public static int EntrySize(int contentLength) => EntryHeaderSize + contentLength;

    /// <summary>Starts a batch frame in an empty <paramref name="output"/>.</summary>
    public static void Begin(PooledBufferWriter output)
    {
        var span = output.GetSpan(PrefixSize);
        Header.CopyTo(span);
        span[Header.Length] = CompactFrame.Separator;
        output.Advance(PrefixSize);
    }

    /// <summary>Appends an entry whose content is <c>head</c>, or <c>head 0xFF body</c> when <paramref name="hasBody"/>.</summary>
    public static void WriteEntry(PooledBufferWriter output, uint callId, ReadOnlySpan<byte> head, ReadOnlySpan<byte> body, bool hasBody)
    {
        var contentLength = hasBody ? CompactFrame.Length(head, body) : head.Length;
        var span = output.GetSpan(EntryHeaderSize + contentLength);
        BinaryPrimitives.WriteUInt32BigEndian(span, callId);
        BinaryPrimitives.WriteUInt32BigEndian(span.Slice(4), (uint)contentLength);
        if (hasBody) CompactFrame.Write(span.Slice(EntryHeaderSize), head, body);
        else head.CopyTo(span.Slice(EntryHeaderSize));
        output.Advance(EntryHeaderSize + contentLength);
    }

    /// <summary>
    /// Checks a whole request batch before anything in it runs: 1 to <see cref="MaxEntries"/> entries, none truncated,
    /// call ids unique, each content a compact request with a valid operation name. Returns why it is malformed, or
    /// <see langword="null"/>. <paramref name="seen"/> is scratch space, cleared here.
    /// </summary>
    public static string? ValidateRequests(ReadOnlySpan<byte> frame, HashSet<uint> seen)
    {
        seen.Clear();
        var reader = new Reader(frame);
        while (reader.TryRead(out var callId, out var content))
        {
            if (seen.Count == MaxEntries) return $"A batch carries at most {MaxEntries} entries.";
            if (!seen.Add(callId)) return $"Call id {callId} occurs twice in the batch.";
            CompactFrame.TrySplit(content, out var header, out _);
            if (Wire.Header.TryReadOperation(header, out _) != Wire.Header.Result.Ok)
            {
                return $"Entry {callId} is not a compact request: '{Wire.Header.Printable(header)}' is not an operation name.";
            }
        }

        if (reader.IsMalformed) return "An entry of the batch is truncated or its length overruns the frame.";
        return seen.Count == 0 ? "A batch carries at least one entry." : null;
    }

    /// <summary>True when every entry of a reply batch is whole: 1 to <see cref="MaxEntries"/> of them, none overrunning the frame.</summary>
    public static bool IsWellFormedReply(ReadOnlySpan<byte> frame)
    {
        var reader = new Reader(frame);
        var count = 0;
        while (reader.TryRead(out _, out _))
        {
            if (++count > MaxEntries) return false;
        }

        return !reader.IsMalformed && count > 0;
    }

    /// <summary>Walks the entries of a batch frame that <see cref="IsBatch"/> accepted.</summary>
    public ref struct Reader
    {
        private readonly ReadOnlySpan<byte> _frame;
        private int _position;

        public Reader(ReadOnlySpan<byte> frame)
        {
            _frame = frame;
            _position = PrefixSize;
        }

        /// <summary>The frame ended in the middle of an entry; set when <see cref="TryRead"/> returns false.</summary>
        public bool IsMalformed { get; private set; }

        /// <summary>The next entry; false at the end of the frame or at a truncated entry (<see cref="IsMalformed"/>).</summary>
        public bool TryRead(out uint callId, out ReadOnlySpan<byte> content)
        {
            callId = 0;
            content = default;
            var rest = _frame.Length - _position;
            if (rest == 0) return false;
            if (rest < EntryHeaderSize)
            {
                IsMalformed = true;
                return false;
            }

            callId = BinaryPrimitives.ReadUInt32BigEndian(_frame.Slice(_position));
            var length = BinaryPrimitives.ReadUInt32BigEndian(_frame.Slice(_position + 4));
            if (length > (uint)(rest - EntryHeaderSize))
            {
                IsMalformed = true;
                return false;
            }

            content = _frame.Slice(_position + EntryHeaderSize, (int)length);
            _position += EntryHeaderSize + (int)length;
            return true;
        }
    }
}
