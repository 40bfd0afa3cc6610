using System.IO.Pipelines;

namespace ZeroContracts.Security.Tests.Support;

/// <summary>
/// One end of an in-memory, full-duplex byte stream (two pipes), standing in for a TCP connection. Disposing an end
/// ends the other end's reads, as closing a socket does. It counts the bytes its owner has read, so tests can see
/// that a refusal happened before more of the peer's bytes were consumed.
/// </summary>
public sealed class DuplexStream : Stream
{
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly Stream _readStream;
    private readonly Stream _writeStream;
    private long _bytesRead;
    private int _disposed;
    private int _reading;
    private int _readerCompleted;

    private DuplexStream(PipeReader reader, PipeWriter writer)
    {
        _reader = reader;
        _writer = writer;
        _readStream = reader.AsStream(leaveOpen: true);
        _writeStream = writer.AsStream(leaveOpen: true);
    }

    public static (DuplexStream Left, DuplexStream Right) CreatePair()
    {
        var leftToRight = new Pipe();
        var rightToLeft = new Pipe();
        return (new DuplexStream(rightToLeft.Reader, leftToRight.Writer), new DuplexStream(leftToRight.Reader, rightToLeft.Writer));
    }

    public long BytesRead => Interlocked.Read(ref _bytesRead);

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        Volatile.Write(ref _reading, 1);
        int read;
        try
        {
            read = await _readStream.ReadAsync(buffer, cancellationToken);
        }
        finally
        {
            Volatile.Write(ref _reading, 0);
            if (IsDisposed) CompleteReader();
        }

        // A read cut short by Dispose reports what a closed socket reports.
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        Interlocked.Add(ref _bytesRead, read);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, default).GetAwaiter().GetResult();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        return _writeStream.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, default).GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => _writeStream.FlushAsync(cancellationToken);

    public override void Flush() => _writeStream.Flush();

    private void CompleteReader()
    {
        if (Interlocked.Exchange(ref _readerCompleted, 1) == 0) _reader.Complete();
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _writer.Complete();
            // Completing a reader in the middle of a read is not allowed; wake the read and let it complete the reader.
            _reader.CancelPendingRead();
            if (Volatile.Read(ref _reading) == 0) CompleteReader();
        }

        base.Dispose(disposing);
    }
}
