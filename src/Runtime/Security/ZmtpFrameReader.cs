using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace ZeroContracts.Security;

/// <summary>
/// Reads ZMTP frames from a stream. Small frames come through a buffer; a frame's body is allocated only after its
/// header has been checked against the limit, so a peer that claims a huge frame costs nothing.
/// </summary>
internal sealed class ZmtpFrameReader
{
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[8192];
    private int _start;
    private int _end;

    public ZmtpFrameReader(Stream stream) => _stream = stream;

    /// <summary>Reads exactly <paramref name="destination"/>'s length, never more from the stream than is still
    /// needed when the buffer is empty (the greeting relies on this to stop at the first wrong byte).</summary>
    public async ValueTask ReadExactlyAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        int buffered = Math.Min(_end - _start, destination.Length);
        _buffer.AsSpan(_start, buffered).CopyTo(destination.Span);
        _start += buffered;
        destination = destination.Slice(buffered);
        if (destination.Length == 0) return;
        try
        {
            await _stream.ReadExactlyAsync(destination, cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException e)
        {
            throw new ZmtpProtocolException(ZmtpFailure.ConnectionClosed, "The peer closed the connection in the middle of a frame or greeting.", e);
        }
    }

    /// <summary>
    /// Reads one frame whose body is at most <paramref name="maxBodySize"/> bytes. Returns null when the stream ends
    /// cleanly before the first byte of a frame.
    /// </summary>
    public async ValueTask<(ZmtpFrameHeader Header, byte[] Body)?> ReadFrameAsync(long maxBodySize, CancellationToken cancellationToken)
    {
        if (!await FillAsync(1, endAllowed: true, cancellationToken).ConfigureAwait(false)) return null;
        int headerLength = ZmtpFrameHeader.LengthFromFlags(_buffer[_start]);
        await FillAsync(headerLength, endAllowed: false, cancellationToken).ConfigureAwait(false);
        var header = ZmtpFrameHeader.Parse(_buffer.AsSpan(_start, headerLength), maxBodySize);
        _start += headerLength;
        var body = header.Size == 0 ? Array.Empty<byte>() : new byte[header.Size];
        await ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
        return (header, body);
    }

    private async ValueTask<bool> FillAsync(int count, bool endAllowed, CancellationToken cancellationToken)
    {
        if (_end - _start >= count) return true;
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        while (_end < count)
        {
            int read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                if (endAllowed && _end == 0) return false;
                throw new ZmtpProtocolException(ZmtpFailure.ConnectionClosed, "The peer closed the connection in the middle of a frame.");
            }

            _end += read;
        }

        return true;
    }
}
