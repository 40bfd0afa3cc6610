using System;
using System.Threading;
using System.Threading.Tasks;
using NetMQ;
using NetMQ.Sockets;

namespace ZeroContracts.Bench.Peers;

/// <summary>
/// The baseline a NetMQ user writes by hand: a REP socket echoing on its own thread and a REQ socket that sends
/// one frame and blocks for the reply. Optionally the REP socket is served from a <see cref="NetMQPoller"/> instead,
/// which shows what a poller loop costs a round trip with no ZeroContracts code involved.
/// </summary>
public sealed class RawReqRep : IEchoPeer
{
    private readonly ResponseSocket _rep = new();
    private readonly RequestSocket _req = new();
    private readonly Thread? _serverThread;
    private readonly NetMQPoller? _poller;
    private readonly byte[] _payload;
    private volatile bool _stopping;

    /// <summary>Binds the REP socket on a free port, starts serving it and connects the REQ socket.</summary>
    /// <param name="payloadSize">Bytes echoed per call.</param>
    /// <param name="polled">Serves the REP socket from a <see cref="NetMQPoller"/> rather than a thread blocking in a receive.</param>
    public RawReqRep(int payloadSize, bool polled = false)
    {
        _payload = Payloads.Create(payloadSize);
        _rep.Options.Linger = TimeSpan.Zero;
        _req.Options.Linger = TimeSpan.Zero;
        _rep.Bind("tcp://127.0.0.1:*");
        _req.Connect(_rep.Options.LastEndpoint!);
        if (polled)
        {
            _rep.ReceiveReady += (_, _) => EchoWaiting();
            _poller = new NetMQPoller { _rep };
            _poller.RunAsync("polled REP", isBackgroundThread: true);
        }
        else
        {
            _serverThread = new Thread(Serve) { IsBackground = true, Name = "raw REP" };
            _serverThread.Start();
        }
    }

    private void Serve()
    {
        while (!_stopping)
        {
            if (_rep.TryReceiveFrameBytes(TimeSpan.FromMilliseconds(50), out var request)) _rep.SendFrame(request);
        }
    }

    private void EchoWaiting()
    {
        while (_rep.TryReceiveFrameBytes(TimeSpan.Zero, out var request)) _rep.SendFrame(request);
    }

    /// <summary>REQ allows one call at a time, so <paramref name="outstanding"/> is ignored.</summary>
    public Task RunAsync(int calls, int outstanding)
    {
        for (var i = 0; i < calls; i++)
        {
            _req.SendFrame(_payload);
            Payloads.Check(_payload.Length, _req.ReceiveFrameBytes().Length);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _stopping = true;
        _serverThread?.Join();
        _poller?.Dispose();
        _req.Dispose();
        _rep.Dispose();
    }
}
