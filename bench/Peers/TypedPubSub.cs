using System;
using System.Threading.Tasks;
using ZeroContracts.Bench.Contracts;

namespace ZeroContracts.Bench.Peers;

/// <summary>The generated <see cref="TicksPublisher"/> and one <see cref="TicksSubscriber"/> over loopback tcp.</summary>
public sealed class TypedPubSub : IStreamPeer
{
    private readonly TicksPublisher _publisher;
    private readonly TicksSubscriber _subscriber;
    private readonly Counter _counter = new();
    private readonly byte[] _payload;

    private TypedPubSub(int payloadSize, bool inline)
    {
        _payload = Payloads.Create(payloadSize);
        _publisher = new TicksPublisher("tcp://127.0.0.1:*");
        _subscriber = new TicksSubscriber(_counter, _publisher.Endpoint, new SubscriberOptions { RunHandlersInline = inline });
        _subscriber.Start();
    }

    /// <summary>Starts both and waits for the subscription to reach the publisher.</summary>
    /// <param name="payloadSize">Bytes per message.</param>
    /// <param name="inline">Runs the subscriber's handler on its socket thread (<see cref="SubscriberOptions.RunHandlersInline"/>).</param>
    public static async Task<TypedPubSub> StartAsync(int payloadSize, bool inline = false)
    {
        var pair = new TypedPubSub(payloadSize, inline);
        await pair._publisher.WaitForSubscribersAsync(1, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        return pair;
    }

    /// <inheritdoc/>
    public Task<StreamResult> RunAsync(int messages, TimeSpan idle) => StreamWaits.RunAsync(_counter, messages, () => _publisher.Tick(_payload), idle);

    /// <inheritdoc/>
    public void Dispose()
    {
        _subscriber.Dispose();
        _publisher.Dispose();
    }
}
