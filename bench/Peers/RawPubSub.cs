using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using NetMQ;
using NetMQ.Sockets;
using ZeroContracts.Bench.Contracts;

namespace ZeroContracts.Bench.Peers;

/// <summary>Hand-written NetMQ: a PUB socket sending <c>[tick] [payload]</c>, a SUB socket counting on its own thread.</summary>
public sealed class RawPubSub : IStreamPeer
{
    private static readonly byte[] Topic = "tick"u8.ToArray();
    private readonly PublisherSocket _publisher = new();
    private readonly SubscriberSocket _subscriber = new();
    private readonly Counter _counter = new();
    private readonly Thread _thread;
    private readonly byte[] _payload;
    private volatile bool _stopping;

    private RawPubSub(int payloadSize)
    {
        _payload = Payloads.Create(payloadSize);
        _publisher.Options.Linger = TimeSpan.Zero;
        _subscriber.Options.Linger = TimeSpan.Zero;
        _publisher.Bind("tcp://127.0.0.1:*");
        _subscriber.Connect(_publisher.Options.LastEndpoint!);
        _subscriber.Subscribe(Topic);
        _thread = new Thread(Receive) { IsBackground = true, Name = "raw SUB" };
        _thread.Start();
    }

    /// <summary>Starts both and waits until a probe message gets through (ZeroMQ's slow-joiner window).</summary>
    public static async Task<RawPubSub> StartAsync(int payloadSize)
    {
        var pair = new RawPubSub(payloadSize);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (pair._counter.Count == 0 && DateTime.UtcNow < deadline)
        {
            pair._publisher.SendMoreFrame(Topic).SendFrame(pair._payload);
            await Task.Delay(10).ConfigureAwait(false);
        }

        return pair;
    }

    private void Receive()
    {
        var frames = new List<byte[]>(2);
        while (!_stopping)
        {
            if (_subscriber.TryReceiveMultipartBytes(TimeSpan.FromMilliseconds(50), ref frames, 2)) _counter.Add();
        }
    }

    /// <inheritdoc/>
    public Task<StreamResult> RunAsync(int messages, TimeSpan idle) => StreamWaits.RunAsync(_counter, messages, () => _publisher.SendMoreFrame(Topic).SendFrame(_payload), idle);

    /// <inheritdoc/>
    public void Dispose()
    {
        _stopping = true;
        _thread.Join();
        _subscriber.Dispose();
        _publisher.Dispose();
    }
}
