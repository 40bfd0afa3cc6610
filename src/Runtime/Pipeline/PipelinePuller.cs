using System;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;
using NetMQ.Sockets;
using ZeroContracts.Messaging;
using ZeroContracts.Transport;
using ZeroContracts.Wire;

namespace ZeroContracts.Pipeline;

/// <summary>
/// The engine behind every generated puller (a pipeline worker): a PULL socket owned by one socket thread, which runs
/// up to <see cref="PullerOptions.MaxConcurrentHandlers"/> handler calls at once, itself or through thread-pool runs
/// (see ReceiveLoop). It reads at most <see cref="PullerOptions.Prefetch"/> messages ahead of the handlers; beyond that it stops reading, so further
/// work stays in ZeroMQ's queue. A handler that throws is reported; a message that cannot be decoded is counted and skipped.
/// </summary>
/// <typeparam name="TService">The contract interface.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PipelinePuller<TService> : IDisposable, IAsyncDisposable
    where TService : class
{
    private readonly TService _service;
    private readonly MessageTable<TService> _table;
    private readonly PullerOptions _options;
    private readonly ReceiveLoop _loop;

    /// <summary>Connects (by default) to <paramref name="endpoint"/>; call <see cref="Start"/> or <see cref="RunAsync"/> to work.</summary>
    /// <param name="service">The handler.</param>
    /// <param name="endpoint">One or more comma-separated endpoints; <c>@</c> binds, <c>&gt;</c> connects.</param>
    /// <param name="table">The contract's operations.</param>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    public PipelinePuller(TService service, string endpoint, MessageTable<TService> table, PullerOptions? options)
    {
        _service = service ?? throw new ArgumentNullException(nameof(service));
        _table = table ?? throw new ArgumentNullException(nameof(table));
        _options = options ?? new PullerOptions();
        _options.Validate();

        var socket = new PullSocket();
        Security.CurveGateway? gateway;
        try
        {
            Endpoints.Configure(socket, _options);
            Endpoint = Endpoints.Attach(socket, endpoint, bindByDefault: false, _options, out gateway);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _loop = new ReceiveLoop(socket, "ZeroContracts puller " + Endpoint, _options.Prefetch, _options, Decode, _options.OnEvent, gateway);
    }

    /// <summary>The endpoints the puller is attached to.</summary>
    public string Endpoint { get; }

    /// <summary>What the puller has received so far.</summary>
    public MessageStatistics Statistics => _loop.Statistics;

    /// <summary>Starts working on background threads; calling it again does nothing.</summary>
    public void Start() => _loop.Start(_options.MaxConcurrentHandlers, message => _loop.Invoke(_table, _service, message), _options.RunHandlersInline);

    /// <summary>Works until <paramref name="cancellationToken"/> is cancelled or the puller is disposed.</summary>
    /// <param name="cancellationToken">Stops the puller.</param>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        Start();
        using (cancellationToken.UnsafeRegister(static state => ((PipelinePuller<TService>)state!).Dispose(), this))
        {
            await _loop.Stopped.ConfigureAwait(false);
        }
    }

    /// <summary>[operation 0xFF body], [operation] or [operation] [body] for Typed, [body] for Bare (docs/protocol.md 6). Socket thread.</summary>
    private bool Decode(ReceivedMessage frames, IncomingMessage into)
    {
        if (_table.Framing == Framing.Bare) return _loop.DecodeBare(frames, into, _table[0].Name);
        var count = frames.Count + frames.ExtraFrames;

        if (count is < 1 or > 2) return _loop.DropMalformed(null, $"A message must be an operation frame and at most one body frame; it had {count} frames.");
        var compact = CompactFrame.TrySplit(frames[0], out var header, out var bodyStart);
        if (compact && count != 1) return _loop.DropMalformed(null, $"A message whose operation frame carries its body must be one frame; it had {count}.");
        if (Header.TryReadOperation(header, out var name) != Header.Result.Ok) return _loop.DropMalformed(null, $"'{Header.Printable(header)}' is not a valid operation header.");
        var target = _table.Find(name);
        if (target < 0) return _loop.DropMalformed(Header.Printable(name), $"Operation '{Header.Printable(name)}' is not part of {_table.ContractName}.");

        into.Target = target;
        into.Name = _table[target].Name;
        into.HasBody = compact || frames.Count == 2;
        if (compact) into.Body.Write(frames[0].Slice(bodyStart));
        else if (into.HasBody) into.Body.Write(frames[1]);
        return true;
    }

    /// <summary>Closes the socket at once; handler calls already running finish on their own, queued messages are dropped.</summary>
    public void Dispose() => _loop.Dispose();

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }
}
