using System;
using System.Collections.Generic;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using NetMQ;
using ZeroContracts.Transport;
using NetMQ.Sockets;

namespace ZeroContracts.Bench.Peers;

/// <summary>
/// The baseline a NetMQ user writes by hand: a REP socket echoing on its own thread and a REQ socket that sends
/// one frame and blocks for the reply. Optionally the REP socket is served another way (<see cref="RepLoop"/>), which
/// shows what each way of waiting for a socket and a wake-up together costs a round trip with no ZeroContracts code.
/// </summary>
public sealed class RawReqRep : IEchoPeer
{
    private readonly ResponseSocket _rep = new();
    private readonly RequestSocket _req = new();
    private readonly Thread? _serverThread;
    private readonly NetMQPoller? _poller;
    private readonly SocketInbox<object>? _wake;
    private readonly PairSocket? _inboxReader;
    private readonly PairSocket? _inboxWriter;
    private readonly byte[] _payload;
    private volatile bool _stopping;

    /// <summary>Binds the REP socket on a free port, starts serving it and connects the REQ socket.</summary>
    /// <param name="payloadSize">Bytes echoed per call.</param>
    /// <param name="polled">Serves the REP socket from a <see cref="NetMQPoller"/> rather than a thread blocking in a receive.</param>
    public RawReqRep(int payloadSize, bool polled = false)
        : this(payloadSize, polled ? RepLoop.Poller : RepLoop.Blocking)
    {
    }

    /// <summary>Binds the REP socket on a free port, starts serving it the way <paramref name="loop"/> says and connects the REQ socket.</summary>
    /// <param name="payloadSize">Bytes echoed per call.</param>
    /// <param name="loop">How the REP socket's thread waits.</param>
    public RawReqRep(int payloadSize, RepLoop loop)
    {
        _payload = Payloads.Create(payloadSize);
        _rep.Options.Linger = TimeSpan.Zero;
        _req.Options.Linger = TimeSpan.Zero;
        _rep.Bind("tcp://127.0.0.1:*");
        _req.Connect(_rep.Options.LastEndpoint!);
        switch (loop)
        {
            case RepLoop.Poller:
                _rep.ReceiveReady += (_, _) => EchoWaiting();
                _poller = new NetMQPoller { _rep };
                _poller.RunAsync("polled REP", isBackgroundThread: true);
                break;
            case RepLoop.PollerAsClient:
                // What the typed client's poller holds besides its socket: an inbox (an inproc PAIR) and a 50 ms timer.
                _rep.ReceiveReady += (_, _) => EchoWaiting();
                _inboxReader = new PairSocket();
                _inboxWriter = new PairSocket();
                var inbox = $"inproc://bench-inbox-{Guid.NewGuid():N}";
                _inboxReader.Bind(inbox);
                _inboxWriter.Connect(inbox);
                _inboxReader.ReceiveReady += (_, _) => _inboxReader.TrySkipFrame();
                var timer = new NetMQTimer(50);
                timer.Elapsed += (_, _) => { };
                _poller = new NetMQPoller { _rep, _inboxReader, timer };
                _poller.RunAsync("polled REP", isBackgroundThread: true);
                break;
            case RepLoop.Selector:
                _wake = new SocketInbox<object>();
                _serverThread = new Thread(ServeSelector) { IsBackground = true, Name = "selector REP" };
                _serverThread.Start();
                break;
            case RepLoop.MailboxSelect:
                _wake = new SocketInbox<object>();
                var mailbox = SocketWait.MailboxOf(_rep) ?? throw new InvalidOperationException("NetMQ's socket mailbox was not found.");
                _serverThread = new Thread(() => ServeMailboxSelect(mailbox)) { IsBackground = true, Name = "mailbox-select REP" };
                _serverThread.Start();
                break;
            default:
                _serverThread = new Thread(Serve) { IsBackground = true, Name = "raw REP" };
                _serverThread.Start();
                break;
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

    /// <summary>NetMQSelector over exactly the REP socket and the wake socket, no timeout.</summary>
    private void ServeSelector()
    {
        var selector = new NetMQSelector();
        var items = new[] { new NetMQSelector.Item(_rep, PollEvents.PollIn), new NetMQSelector.Item(_wake!.WaitHandle, PollEvents.PollIn) };
        while (!_stopping)
        {
            if (!selector.Select(items, items.Length, -1)) continue;
            if (items[1].ResultEvent.HasIn()) _wake.ClearWakeUps();
            if (items[0].ResultEvent.HasIn()) EchoWaiting();
        }
    }

    /// <summary>
    /// One Socket.Select on the REP socket's mailbox and the wake socket. The mailbox signals only when a command
    /// arrives, so the loop empties the socket (a receive that finds nothing also processes pending commands) after
    /// every wake-up and every send, before it waits again.
    /// </summary>
    private void ServeMailboxSelect(Socket mailbox)
    {
        var read = new List<Socket>(2);
        while (!_stopping)
        {
            EchoWaiting();
            read.Clear();
            read.Add(mailbox);
            read.Add(_wake!.WaitHandle);
            Socket.Select(read, null, null, -1);
            if (read.Contains(_wake.WaitHandle)) _wake.ClearWakeUps();
        }
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
        _wake?.Wake();
        _serverThread?.Join();
        _wake?.Dispose();
        _poller?.Dispose();
        _inboxWriter?.Dispose();
        _inboxReader?.Dispose();
        _req.Dispose();
        _rep.Dispose();
    }
}
