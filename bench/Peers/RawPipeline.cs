using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using NetMQ;
using NetMQ.Sockets;
using ZeroContracts.Bench.Contracts;

namespace ZeroContracts.Bench.Peers;

/// <summary>Hand-written NetMQ: a PUSH socket sending one frame per task, PULL sockets counting on their own threads.</summary>
public sealed class RawPipeline : IStreamPeer
{
    private readonly PushSocket _pusher = new();
    private readonly List<(PullSocket Socket, Thread Thread)> _pullers = new();
    private readonly Counter _counter = new();
    private readonly byte[] _payload;
    private volatile bool _stopping;

    private RawPipeline(int payloadSize, int pullers)
    {
        _payload = Payloads.Create(payloadSize);
        _pusher.Options.Linger = TimeSpan.Zero;
        _pusher.Bind("tcp://127.0.0.1:*");
        for (var i = 0; i < pullers; i++)
        {
            var socket = new PullSocket();
            socket.Options.Linger = TimeSpan.Zero;
            socket.Connect(_pusher.Options.LastEndpoint!);
            var thread = new Thread(() => Receive(socket)) { IsBackground = true, Name = "raw PULL" };
            thread.Start();
            _pullers.Add((socket, thread));
        }
    }

    /// <summary>
    /// Starts the pusher and <paramref name="pullers"/> pullers and gives them a moment to connect: PUSH deals only to
    /// connected peers, and raw NetMQ has no way to ask how many there are.
    /// </summary>
    public static async Task<RawPipeline> StartAsync(int payloadSize, int pullers)
    {
        var pipeline = new RawPipeline(payloadSize, pullers);
        await Task.Delay(200).ConfigureAwait(false);
        return pipeline;
    }

    private void Receive(PullSocket socket)
    {
        while (!_stopping)
        {
            if (socket.TryReceiveFrameBytes(TimeSpan.FromMilliseconds(50), out _)) _counter.Add();
        }
    }

    /// <inheritdoc/>
    public Task<StreamResult> RunAsync(int messages, TimeSpan idle) => StreamWaits.RunAsync(_counter, messages, () => _pusher.SendFrame(_payload), idle);

    /// <inheritdoc/>
    public void Dispose()
    {
        _stopping = true;
        foreach (var (socket, thread) in _pullers)
        {
            thread.Join();
            socket.Dispose();
        }

        _pusher.Dispose();
    }
}
