using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using ZeroContracts.Bench.Contracts;

namespace ZeroContracts.Bench.Peers;

/// <summary>The generated <see cref="WorkPusher"/> and <see cref="WorkPuller"/>s over loopback tcp.</summary>
public sealed class TypedPipeline : IStreamPeer
{
    private readonly WorkPusher _pusher;
    private readonly List<WorkPuller> _pullers = new();
    private readonly Counter _counter = new();
    private readonly byte[] _payload;

    private TypedPipeline(int payloadSize, int pullers, bool inline)
    {
        _payload = Payloads.Create(payloadSize);
        _pusher = new WorkPusher("tcp://127.0.0.1:*");
        for (var i = 0; i < pullers; i++)
        {
            var puller = new WorkPuller(_counter, _pusher.Endpoint, new PullerOptions { RunHandlersInline = inline });
            puller.Start();
            _pullers.Add(puller);
        }
    }

    /// <summary>Starts the pusher and <paramref name="pullers"/> pullers and waits for them all to connect.</summary>
    /// <param name="payloadSize">Bytes per message.</param>
    /// <param name="pullers">How many pullers.</param>
    /// <param name="inline">Runs the pullers' handlers on their socket threads (<see cref="PullerOptions.RunHandlersInline"/>).</param>
    public static async Task<TypedPipeline> StartAsync(int payloadSize, int pullers, bool inline = false)
    {
        var pipeline = new TypedPipeline(payloadSize, pullers, inline);
        await pipeline._pusher.WaitForWorkersAsync(pullers, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        return pipeline;
    }

    /// <inheritdoc/>
    public Task<StreamResult> RunAsync(int messages, TimeSpan idle) => StreamWaits.RunAsync(_counter, messages, () => _pusher.Work(_payload), idle);

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var puller in _pullers) puller.Dispose();
        _pusher.Dispose();
    }
}
