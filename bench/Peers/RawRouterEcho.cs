using System;
using System.Collections.Generic;
using System.Threading;
using NetMQ;
using NetMQ.Sockets;

namespace ZeroContracts.Bench.Peers;

/// <summary>
/// A hand-written ROUTER server speaking the ZeroContracts wire protocol on its own thread: it answers a compact
/// request <c>[identity][envelope...][] [header 0xFF body]</c> with <c>[identity][envelope...][] [ok 0xFF body]</c> and
/// a separate one, <c>[header] [body]</c>, with <c>[ok] [body]</c>, so the typed client and the raw DEALER client both
/// talk to it.
/// </summary>
public sealed class RawRouterEcho : IDisposable
{
    private static readonly byte[] Ok = "ok"u8.ToArray();
    private readonly RouterSocket _router = new();
    private readonly Thread _thread;
    private byte[] _reply = Array.Empty<byte>();
    private volatile bool _stopping;
    private long _threadAllocatedBytes;

    /// <summary>Binds on a free loopback port and starts serving.</summary>
    public RawRouterEcho()
    {
        _router.Options.Linger = TimeSpan.Zero;
        _router.Bind("tcp://127.0.0.1:*");
        Endpoint = _router.Options.LastEndpoint!;
        _thread = new Thread(Serve) { IsBackground = true, Name = "raw ROUTER" };
        _thread.Start();
    }

    /// <summary>The bound endpoint.</summary>
    public string Endpoint { get; }

    /// <summary>Bytes allocated so far by the server's own thread (not NetMQ's I/O thread), as of its last reply.</summary>
    public long ThreadAllocatedBytes => Volatile.Read(ref _threadAllocatedBytes);

    private void Serve()
    {
        var frames = new List<byte[]>(5);
        while (!_stopping)
        {
            if (!_router.TryReceiveMultipartBytes(TimeSpan.FromMilliseconds(50), ref frames, 5)) continue;
            var delimiter = frames.FindIndex(1, static f => f.Length == 0);
            if (delimiter < 0) continue;
            for (var i = 0; i <= delimiter; i++) _router.SendMoreFrame(frames[i]);
            var header = delimiter + 1 < frames.Count ? frames[delimiter + 1] : Array.Empty<byte>();
            var marker = Array.IndexOf(header, (byte)0xFF);
            if (marker >= 0) SendCompactReply(header.AsSpan(marker + 1));
            else if (frames.Count > delimiter + 2) _router.SendMoreFrame(Ok).SendFrame(frames[^1]);
            else _router.SendFrame(Ok);
            Volatile.Write(ref _threadAllocatedBytes, GC.GetAllocatedBytesForCurrentThread());
        }
    }

    /// <summary>Sends <c>[ok 0xFF body]</c>, built in a buffer kept across replies.</summary>
    private void SendCompactReply(ReadOnlySpan<byte> body)
    {
        var length = Ok.Length + 1 + body.Length;
        if (_reply.Length < length) _reply = new byte[length];
        Ok.CopyTo(_reply, 0);
        _reply[Ok.Length] = 0xFF;
        body.CopyTo(_reply.AsSpan(Ok.Length + 1));
        _router.SendFrame(_reply, length);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _stopping = true;
        _thread.Join();
        _router.Dispose();
    }
}
