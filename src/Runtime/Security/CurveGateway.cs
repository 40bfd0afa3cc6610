using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using NetMQ;
using NetMQ.Sockets;
using ZeroContracts.Transport;

namespace ZeroContracts.Security;

/// <summary>
/// Puts CURVE in front of one NetMQ socket without letting NetMQ touch the network: the socket binds a private inproc
/// endpoint, and this gateway accepts (as CURVE server) or dials (as CURVE client) TCP connections with our own
/// ZMTP 3.0 engine. Each authenticated connection gets a mirror socket of the remote peer's kind, connected to the
/// inproc endpoint, so the NetMQ socket routes, filters, fans out and load-balances exactly as it would over TCP:
/// a ROUTER sees one DEALER per client, an XPUB one XSUB per subscriber, a PUSH one PULL per worker, and so on.
/// </summary>
/// <remarks>
/// <para>Threads: every mirror socket is owned by one poller thread; each connection has a reader and a writer task
/// that hand messages to and from that thread.</para>
/// <para>Back-pressure: a connection's reader holds at most one message until its mirror has room, so a full mirror
/// (its high-water mark) stops the reading from TCP; a connection's writer queue is bounded, and when it is full the
/// mirror is taken out of the poller, so the NetMQ socket sees a full peer (a PUSH moves on to another worker, a
/// ROUTER or XPUB drops as it does at a high-water mark).</para>
/// <para>A peer that vanishes loses its connection, its tasks and its mirror.</para>
/// </remarks>
internal sealed class CurveGateway : IDisposable
{
    private const int OutboundCapacity = 64;
    private const int RetryIntervalMs = 2;

    private readonly ZmtpSocketType _ours;
    private readonly SocketOptionsBase _options;
    private readonly CurveServerSettings? _server;
    private readonly CurveClientSettings? _client;
    private readonly NetMQPoller _poller;
    private readonly PollerInbox<Action> _actions;
    private readonly NetMQTimer _retry;
    private readonly List<GatewayLink> _blocked = new();
    private readonly HashSet<GatewayLink> _open = new();
    private readonly ConcurrentDictionary<GatewayLink, byte> _links = new();
    private readonly List<TcpListener> _listeners = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _gate = new();
    private readonly Action<int>? _peersChanged;
    private string? _lastFailure;
    private Action<string>? _connectFailed;
    private int _connections;
    private bool _disposed;

    /// <param name="ours">The NetMQ socket's type, announced to peers.</param>
    /// <param name="options">The socket's options: CURVE settings, message size limit, high-water marks.</param>
    /// <param name="peersChanged">Hears +1 when a peer completed its handshake and -1 when it left; given here so no early peer is missed.</param>
    public CurveGateway(ZmtpSocketType ours, SocketOptionsBase options, Action<int>? peersChanged = null)
    {
        _ours = ours;
        _peersChanged = peersChanged;
        _options = options;
        InprocAddress = $"inproc://zerocontracts-curve-{Guid.NewGuid():N}";
        if (options.CurveServer is { } server)
        {
            _server = new CurveServerSettings(server.KeyPair, ours)
            {
                Authorize = server.AllowedClientKeys is null ? null : CurveServerSettings.AllowOnly(server.AllowedClientKeys),
                MaxMessageSize = options.MaxMessageSize,
                HandshakeTimeout = server.HandshakeTimeout,
            };
        }
        else if (options.CurveClient is { } client)
        {
            _client = new CurveClientSettings(client.KeyPair, client.ServerPublicKey, ours)
            {
                MaxMessageSize = options.MaxMessageSize,
                HandshakeTimeout = client.HandshakeTimeout,
            };
        }
        else
        {
            throw new ArgumentException("No CURVE settings.", nameof(options));
        }

        _actions = new PollerInbox<Action>(RunActions);
        _retry = new NetMQTimer(RetryIntervalMs) { Enable = false };
        _retry.Elapsed += (_, _) => RetryBlocked();
        _poller = new NetMQPoller { _actions.Pollable, _retry };
        Transport.PollerThread.Start(_poller, "ZeroContracts CURVE gateway");
    }

    /// <summary>The private endpoint the NetMQ socket binds; mirrors connect to it.</summary>
    public string InprocAddress { get; }

    /// <summary>Why the last connection attempt of a CURVE client failed, or null when the last one succeeded.</summary>
    public string? LastFailure => Volatile.Read(ref _lastFailure);

    /// <summary>
    /// Calls <paramref name="handler"/> with each new reason a connect attempt failed (once per reason until a
    /// connection succeeds; retries do not repeat it), starting with the current one if there is one, so receivers
    /// that have no call to fail can still say why nothing arrives.
    /// </summary>
    public void OnConnectFailed(Action<string> handler)
    {
        string? current;
        lock (_gate)
        {
            _connectFailed += handler;
            current = _lastFailure;
        }

        if (current is not null) handler(current);
    }

    private void SetFailure(string? failure)
    {
        Action<string>? handler;
        lock (_gate)
        {
            if (failure == _lastFailure) return;
            _lastFailure = failure;
            handler = _connectFailed;
        }

        if (failure is not null) handler?.Invoke(failure);
    }

    /// <summary>Listens on a <c>tcp://host:port</c> address (port <c>*</c> or 0 for any); returns it with the real port.</summary>
    public string Listen(string address)
    {
        if (_server is null) throw new InvalidOperationException("Only a CURVE server listens.");
        var (host, port) = ParseTcp(address);
        var ip = host == "*" ? IPAddress.Any : IPAddress.TryParse(host, out var parsed) ? parsed : Dns.GetHostAddresses(host).First();
        var listener = new TcpListener(ip, port);
        listener.Start();
        lock (_gate)
        {
            if (_disposed)
            {
                listener.Stop();
                throw new ObjectDisposedException(nameof(CurveGateway));
            }

            _listeners.Add(listener);
        }

        _ = AcceptLoopAsync(listener);
        var local = (IPEndPoint)listener.LocalEndpoint;
        var shown = local.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{local.Address}]" : local.Address.ToString();
        return $"tcp://{shown}:{local.Port}";
    }

    /// <summary>Keeps one CURVE connection to a <c>tcp://host:port</c> address, reconnecting when it fails or ends.</summary>
    public void Connect(string address)
    {
        if (_client is null) throw new InvalidOperationException("Only a CURVE client connects.");
        var (host, port) = ParseTcp(address);
        _ = ConnectLoopAsync(address, host, port, _options.CurveClient!.ReconnectInterval);
    }

    private static (string Host, int Port) ParseTcp(string address)
    {
        const string scheme = "tcp://";
        int colon = address.LastIndexOf(':');
        if (!address.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || colon <= scheme.Length)
        {
            throw new ArgumentException($"CURVE endpoints are tcp://host:port addresses; '{address}' is not.", "endpoint");
        }

        var host = address.Substring(scheme.Length, colon - scheme.Length).Trim('[', ']');
        var portText = address.Substring(colon + 1);
        if (portText == "*") return (host, 0);
        if (!int.TryParse(portText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new ArgumentException($"'{portText}' in '{address}' is not a port.", "endpoint");
        }

        return (host, port);
    }

    // ---- connection tasks ----

    private async Task AcceptLoopAsync(TcpListener listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient tcp;
            try
            {
                tcp = await listener.AcceptTcpClientAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // Stopped, or the listener failed: either way nothing more is accepted.
                return;
            }

            _ = AcceptAsync(tcp);
        }
    }

    private async Task AcceptAsync(TcpClient tcp)
    {
        using (tcp)
        {
            // Counted from accept, handshakes included, so connections that never finish one cannot pile up either.
            if (Interlocked.Increment(ref _connections) > _options.CurveServer!.MaxConnections)
            {
                Interlocked.Decrement(ref _connections);
                return;
            }

            try
            {
                await AcceptCountedAsync(tcp).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _connections);
            }
        }
    }

    private async Task AcceptCountedAsync(TcpClient tcp)
    {
        tcp.NoDelay = true;
        ZmtpConnection connection;
        try
        {
            // Greeting guard, handshake, allow-list: a peer that fails any of them never reaches a mirror.
            connection = await ZmtpConnection.AcceptAsync(tcp.GetStream(), _server!, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ZmtpProtocolException or OperationCanceledException or ObjectDisposedException)
        {
            return;
        }

        await ServeAsync(connection).ConfigureAwait(false);
    }

    private async Task ConnectLoopAsync(string address, string host, int port, TimeSpan reconnectInterval)
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                using var tcp = new TcpClient { NoDelay = true };
                using (var connecting = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token))
                {
                    connecting.CancelAfter(_client!.HandshakeTimeout);
                    await tcp.ConnectAsync(host, port, connecting.Token).ConfigureAwait(false);
                }

                var connection = await ZmtpConnection.ConnectAsync(tcp.GetStream(), _client, _stopping.Token).ConfigureAwait(false);
                SetFailure(null);
                await ServeAsync(connection).ConfigureAwait(false);
            }
            catch (Exception e) when (!_stopping.IsCancellationRequested)
            {
                SetFailure(e is ZmtpProtocolException
                    ? $"The CURVE handshake with {address} did not complete: {e.Message}"
                    : $"Could not connect to {address}: {e.Message}");
            }
            catch (Exception)
            {
                return;
            }

            try
            {
                await Task.Delay(reconnectInterval, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Runs one authenticated connection until either side ends it, then frees its mirror.</summary>
    private async Task ServeAsync(ZmtpConnection connection)
    {
        var link = new GatewayLink(connection, OutboundCapacity, _stopping.Token);
        _links[link] = 0;
        try
        {
            var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!Post(() => Open(link, opened))) return;
            await opened.Task.WaitAsync(link.Ending.Token).ConfigureAwait(false);
            await Task.WhenAll(ReadAsync(link), WriteAsync(link)).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The gateway stopped, or the mirror could not be opened: this connection ends either way.
        }
        finally
        {
            link.Ending.Cancel();
            connection.Dispose();
            _links.TryRemove(link, out _);
            Post(() => Close(link));
            link.Ending.Dispose();
        }
    }

    private async Task ReadAsync(GatewayLink link)
    {
        try
        {
            while (true)
            {
                var frames = await link.Connection.ReceiveMessageAsync(link.Ending.Token).ConfigureAwait(false);
                if (frames is null) return;
                if (!AcceptsFromPeer(frames)) continue;

                var delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                link.Pending = frames;
                link.Delivered = delivered;
                if (!Post(() => Deliver(link))) return;
                await delivered.Task.WaitAsync(link.Ending.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is ZmtpProtocolException or OperationCanceledException or ObjectDisposedException)
        {
            // A broken, hostile or closed connection: it is dropped, its mirror with it.
        }
        finally
        {
            link.Ending.Cancel();
        }
    }

    private async Task WriteAsync(GatewayLink link)
    {
        try
        {
            var reader = link.Outbound.Reader;
            while (await reader.WaitToReadAsync(link.Ending.Token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var frames))
                {
                    await link.Connection.SendMessageAsync(frames, link.Ending.Token).ConfigureAwait(false);
                }

                Post(() => Resume(link));
            }
        }
        catch (Exception e) when (e is ZmtpProtocolException or OperationCanceledException or ObjectDisposedException)
        {
            // As in ReadAsync.
        }
        finally
        {
            link.Ending.Cancel();
        }
    }

    /// <summary>What a peer of each kind may send us: a SUB only (un)subscriptions, a PULL nothing.</summary>
    private bool AcceptsFromPeer(IReadOnlyList<byte[]> frames) => _ours switch
    {
        ZmtpSocketType.XPub or ZmtpSocketType.Pub => frames.Count == 1 && frames[0].Length > 0 && frames[0][0] is 0 or 1,
        ZmtpSocketType.Push => false,
        _ => true,
    };

    // ---- poller thread from here on ----

    private bool Post(Action action)
    {
        lock (_gate)
        {
            if (_disposed) return false;
            _actions.Enqueue(action);
            return true;
        }
    }

    private void RunActions()
    {
        while (_actions.TryDequeue(out var action)) action();
    }

    private void Open(GatewayLink link, TaskCompletionSource opened)
    {
        if (link.Ending.IsCancellationRequested)
        {
            opened.TrySetCanceled();
            return;
        }

        NetMQSocket mirror;
        try
        {
            mirror = CreateMirror();
            mirror.Connect(InprocAddress);
        }
        catch (Exception e)
        {
            opened.TrySetException(e);
            return;
        }

        link.Mirror = mirror;
        _open.Add(link);
        if (_ours != ZmtpSocketType.Pull)
        {
            mirror.ReceiveReady += (_, _) => Drain(link);
            _poller.Add(mirror);
        }

        opened.TrySetResult();
        RaisePeersChanged(+1);
    }

    /// <summary>A socket of the remote peer's kind, so the NetMQ socket treats each connection as it would a TCP peer.</summary>
    private NetMQSocket CreateMirror()
    {
        NetMQSocket mirror = _ours switch
        {
            ZmtpSocketType.Router or ZmtpSocketType.Dealer => new DealerSocket(),
            ZmtpSocketType.XPub or ZmtpSocketType.Pub => new XSubscriberSocket(),
            ZmtpSocketType.Sub or ZmtpSocketType.XSub => new XPublisherSocket(),
            ZmtpSocketType.Push => new PullSocket(),
            ZmtpSocketType.Pull => new PushSocket(),
            _ => throw new NotSupportedException($"No CURVE gateway for a {ZmtpSocketTypes.Name(_ours)} socket."),
        };
        mirror.Options.Linger = TimeSpan.Zero;
        mirror.Options.SendHighWatermark = _options.SendHighWaterMark;
        // A ROUTER drops a reply for a peer whose queue is full; behind the gateway that peer is the mirror, so its
        // queue is unbounded and bounded instead by the requests in flight: the reader stops while replies back up
        // (TrySend), and the server itself bounds the calls it holds (MaxConcurrentCalls + MaxQueuedCalls).
        mirror.Options.ReceiveHighWatermark = _ours == ZmtpSocketType.Router ? 0 : _options.ReceiveHighWaterMark;
        return mirror;
    }

    private void Close(GatewayLink link)
    {
        var mirror = link.Mirror;
        if (mirror is null) return;
        link.Mirror = null;
        _open.Remove(link);
        if (!link.Paused && _ours != ZmtpSocketType.Pull) _poller.Remove(mirror);
        mirror.Dispose();
        _blocked.Remove(link);
        link.Pending = null;
        link.Outbound.Writer.TryComplete();
        RaisePeersChanged(-1);
    }

    /// <summary>Passes the reader's message to the mirror, or keeps it (and the reader waiting) until there is room.</summary>
    private void Deliver(GatewayLink link)
    {
        if (TrySend(link)) return;
        _blocked.Add(link);
        _retry.Enable = true;
    }

    private void RetryBlocked()
    {
        _blocked.RemoveAll(TrySend);
        if (_blocked.Count == 0) _retry.Enable = false;
    }

    /// <summary>True when the pending message went out (or has nowhere to go any more).</summary>
    private bool TrySend(GatewayLink link)
    {
        var frames = link.Pending;
        var mirror = link.Mirror;
        if (frames is null || mirror is null) return true;

        // A client whose replies back up sends no more requests until it reads them.
        if (link.Paused && _ours == ZmtpSocketType.Router) return false;
        if (!mirror.TrySendFrame(TimeSpan.Zero, frames[0], frames.Count > 1)) return false;

        // Once the first frame is accepted the socket takes the rest of the message: it is queued as a whole.
        for (var i = 1; i < frames.Count; i++) mirror.SendFrame(frames[i], i < frames.Count - 1);
        link.Pending = null;
        link.Delivered!.TrySetResult();
        return true;
    }

    /// <summary>Moves messages from the mirror to the writer's queue; takes the mirror out of the poller when the queue is full.</summary>
    private void Drain(GatewayLink link)
    {
        var mirror = link.Mirror;
        if (mirror is null) return;

        // Order is kept, so the presence subscription, which sorts after every topic (docs/protocol.md 5.2), still
        // reaches the publisher after the subscriber's topics.
        while (link.Outbound.Reader.Count < link.Capacity)
        {
            var frames = new List<byte[]>();
            if (!mirror.TryReceiveMultipartBytes(TimeSpan.Zero, ref frames)) return;
            link.Outbound.Writer.TryWrite(frames.Select(static f => (ReadOnlyMemory<byte>)f).ToArray());
        }

        _poller.Remove(mirror);
        link.Paused = true;
    }

    private void Resume(GatewayLink link)
    {
        if (!link.Paused || link.Mirror is null) return;
        link.Paused = false;
        _poller.Add(link.Mirror);
    }

    private void RaisePeersChanged(int delta)
    {
        try
        {
            _peersChanged?.Invoke(delta);
        }
        catch (Exception)
        {
            // A counter's failure must not take the gateway down.
        }
    }

    /// <summary>Stops listening and dialling, closes every connection and mirror.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
        }

        _stopping.Cancel();
        foreach (var listener in _listeners) listener.Stop();
        foreach (var link in _links.Keys) link.Connection.Dispose();
        _poller.Dispose();

        // The poller thread has stopped: its sockets may be closed from here.
        foreach (var link in _open) link.Mirror?.Dispose();
        _open.Clear();
        _actions.Dispose();
    }
}
