using System;
using System.Collections.Generic;
using System.Threading;
using NetMQ;
using NetMQ.Sockets;

namespace ZeroContracts.Bench.Peers;

/// <summary>
/// A hand-written ROUTER server speaking the ZeroContracts wire protocol on its own thread: it answers
/// <c>[identity][envelope...][] [header] [body]</c> with <c>[identity][envelope...][] [ok] [body]</c>, so the typed
/// client and the raw DEALER client both talk to it.
/// </summary>
public sealed class RawRouterEcho : IDisposable
{
    private static readonly byte[] Ok = "ok"u8.ToArray();
    private readonly RouterSocket _router = new();
    private readonly Thread _thread;
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
            if (frames.Count > delimiter + 2) _router.SendMoreFrame(Ok).SendFrame(frames[^1]);
            else _router.SendFrame(Ok);
            Volatile.Write(ref _threadAllocatedBytes, GC.GetAllocatedBytesForCurrentThread());
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _stopping = true;
        _thread.Join();
        _router.Dispose();
    }
}
