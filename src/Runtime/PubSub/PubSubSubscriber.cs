using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;
using ZeroContracts.Messaging;

namespace ZeroContracts.PubSub;

/// <summary>
/// The engine behind every generated subscriber: a SUB socket owned by one socket thread, which runs the handler for
/// each message, in order, itself or through a thread-pool run (see ReceiveLoop). A handler that throws is reported and the next message is handled;
/// a message that cannot be decoded is counted and skipped.
/// </summary>
/// <typeparam name="TService">The contract interface.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PubSubSubscriber<TService> : IDisposable, IAsyncDisposable
    where TService : class
{
    private readonly TService _service;
    private readonly MessageTable<TService> _table;
    private readonly SubscriptionReceiver _receiver;
    private readonly bool _inline;

    /// <summary>Connects (by default) to <paramref name="endpoint"/> and subscribes; call <see cref="Start"/> or <see cref="RunAsync"/> to handle messages.</summary>
    /// <param name="service">The handler.</param>
    /// <param name="endpoint">One or more comma-separated endpoints; <c>@</c> binds, <c>&gt;</c> connects.</param>
    /// <param name="table">The contract's topics.</param>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    /// <param name="topics">The topics to receive; none means every topic of the contract.</param>
    public PubSubSubscriber(TService service, string endpoint, MessageTable<TService> table, SubscriberOptions? options, IReadOnlyList<TopicFilter>? topics)
    {
        _service = service ?? throw new ArgumentNullException(nameof(service));
        _table = table ?? throw new ArgumentNullException(nameof(table));
        options ??= new SubscriberOptions();
        options.Validate();
        _inline = options.RunHandlersInline;
        _receiver = new SubscriptionReceiver(table, topics ?? Array.Empty<TopicFilter>(), endpoint, options, "ZeroContracts subscriber");
    }

    /// <summary>The endpoints the subscriber is attached to.</summary>
    public string Endpoint => _receiver.Endpoint;

    /// <summary>What the subscriber has received so far.</summary>
    public MessageStatistics Statistics => _receiver.Loop.Statistics;

    /// <summary>Starts handling messages on background threads; calling it again does nothing.</summary>
    public void Start() => _receiver.Loop.Start(1, message => _receiver.Loop.Invoke(_table, _service, message), _inline);

    /// <summary>Handles messages until <paramref name="cancellationToken"/> is cancelled or the subscriber is disposed.</summary>
    /// <param name="cancellationToken">Stops the subscriber.</param>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        Start();
        using (cancellationToken.UnsafeRegister(static state => ((PubSubSubscriber<TService>)state!).Dispose(), this))
        {
            await _receiver.Loop.Stopped.ConfigureAwait(false);
        }
    }

    /// <summary>Closes the socket at once; a handler call already running finishes on its own, queued messages are dropped.</summary>
    public void Dispose() => _receiver.Dispose();

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }
}
