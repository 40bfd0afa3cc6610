using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Threading.Tasks;
using NetMQ;
using NetMQ.Sockets;

namespace ZeroContracts.Bench.Peers;

/// <summary>
/// The hand-written DEALER client: one thread sends <c>[id][] [Echo 0xFF payload]</c> requests (the compact form the
/// generated client sends, so both send the same frames) and keeps a window of them in flight, as a NetMQ user would
/// pipeline calls over one socket.
/// </summary>
public sealed class RawDealerClient : IEchoPeer
{
    private static readonly byte[] Header = "Echo"u8.ToArray();
    private readonly DealerSocket _dealer = new();
    private readonly IDisposable? _server;
    private readonly byte[] _payload;
    private readonly byte[] _request;
    private uint _nextId;

    /// <summary>Connects to <paramref name="endpoint"/>; disposes <paramref name="server"/> with itself.</summary>
    public RawDealerClient(string endpoint, int payloadSize, IDisposable? server)
    {
        _payload = Payloads.Create(payloadSize);
        _request = [.. Header, 0xFF, .. _payload];
        _server = server;
        _dealer.Options.Linger = TimeSpan.Zero;
        _dealer.Connect(endpoint);
    }

    /// <summary>A raw DEALER client against a raw ROUTER server.</summary>
    public static RawDealerClient WithRawServer(int payloadSize)
    {
        var server = new RawRouterEcho();
        return new RawDealerClient(server.Endpoint, payloadSize, server);
    }

    /// <summary>Bytes allocated by the client's calling thread inside <see cref="RunAsync"/> so far (not NetMQ's I/O thread).</summary>
    public long ThreadAllocatedBytes { get; private set; }

    /// <summary>The server this client was started with, if any.</summary>
    public IDisposable? Server => _server;

    /// <inheritdoc/>
    public Task RunAsync(int calls, int outstanding)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var frames = new List<byte[]>(4);
        var sent = 0;
        var window = Math.Max(1, Math.Min(outstanding, calls));
        while (sent < window) Send(ref sent);
        for (var received = 0; received < calls; received++)
        {
            if (!_dealer.TryReceiveMultipartBytes(TimeSpan.FromSeconds(10), ref frames, 4)) throw new TimeoutException("No reply from the echo server.");
            var reply = frames[^1];
            Payloads.Check(_payload.Length, reply.Length - Array.IndexOf(reply, (byte)0xFF) - 1);
            if (sent < calls) Send(ref sent);
        }

        ThreadAllocatedBytes += GC.GetAllocatedBytesForCurrentThread() - before;
        return Task.CompletedTask;
    }

    private void Send(ref int sent)
    {
        var id = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(id, ++_nextId);
        _dealer.SendMoreFrame(id).SendMoreFrameEmpty().SendFrame(_request);
        sent++;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _dealer.Dispose();
        _server?.Dispose();
    }
}
