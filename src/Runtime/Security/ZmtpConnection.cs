using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace ZeroContracts.Security;

/// <summary>
/// One ZMTP 3.0 connection secured with CURVE, over any duplex <see cref="Stream"/> (a NetworkStream in use).
/// <see cref="AcceptAsync"/> and <see cref="ConnectAsync"/> return only after the greeting and the whole CurveZMQ
/// handshake succeeded, so nothing a peer sends is ever handed out before it proved its keys.
/// </summary>
/// <remarks>
/// <para>Every failure throws <see cref="ZmtpProtocolException"/> (or <see cref="OperationCanceledException"/> for the
/// caller's own cancellation) and closes the stream: a connection that saw one bad byte is not used again.</para>
/// <para>One caller at a time may receive; sends may come from several callers and are serialized. Cancelling a
/// receive or send closes the connection, because a frame cut in half cannot be resumed.</para>
/// <para>Subscriptions: we announce ZMTP 3.0, so libzmq peers send a SUB's subscriptions as ordinary one-frame
/// messages whose first byte is 1 (subscribe) or 0 (cancel) followed by the topic, which is what NetMQ's XPUB
/// expects; <see cref="ReceiveMessageAsync"/> returns them unchanged. A ZMTP 3.1 SUBSCRIBE or CANCEL command, should a
/// peer send one anyway, is returned in that same 3.0 form. PING is answered with PONG; PONG and other commands
/// inside the encrypted stream are ignored.</para>
/// </remarks>
internal sealed class ZmtpConnection : IAsyncDisposable, IDisposable
{
    private readonly Stream _stream;
    private readonly ZmtpFrameReader _reader;
    private readonly CurveSession _session;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly int _maxMessageSize;
    private readonly int _maxFrames;
    private int _closed;

    private ZmtpConnection(Stream stream, ZmtpFrameReader reader, CurveSession session, int maxMessageSize, int maxFrames,
        ZmtpSocketType peerSocketType, string peerPublicKey, IReadOnlyDictionary<string, byte[]> peerMetadata)
    {
        _stream = stream;
        _reader = reader;
        _session = session;
        _maxMessageSize = maxMessageSize;
        _maxFrames = maxFrames;
        PeerSocketType = peerSocketType;
        PeerPublicKey = peerPublicKey;
        PeerMetadata = peerMetadata;
    }

    /// <summary>The socket type the peer announced (already checked to be compatible with ours).</summary>
    public ZmtpSocketType PeerSocketType { get; }

    /// <summary>The peer's long-term public key (Z85): on a server, the client key that was authorized; on a client, the server key.</summary>
    public string PeerPublicKey { get; }

    /// <summary>All metadata properties the peer sent in its INITIATE or READY (names case-insensitive).</summary>
    public IReadOnlyDictionary<string, byte[]> PeerMetadata { get; }

    /// <summary>The peer's Identity property (a ROUTER's routing id for it), empty when it sent none.</summary>
    public ReadOnlyMemory<byte> PeerIdentity => PeerMetadata.TryGetValue(ZmtpMetadata.Identity, out var identity) ? identity : ReadOnlyMemory<byte>.Empty;

    /// <summary>Runs the server side of the handshake on a freshly accepted stream.</summary>
    public static Task<ZmtpConnection> AcceptAsync(Stream stream, CurveServerSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(settings);
        return HandshakeAsync(stream, settings.HandshakeTimeout, cancellationToken, (reader, token) => ServerHandshakeAsync(stream, reader, settings, token));
    }

    /// <summary>Runs the client side of the handshake on a freshly connected stream.</summary>
    public static Task<ZmtpConnection> ConnectAsync(Stream stream, CurveClientSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(settings);
        return HandshakeAsync(stream, settings.HandshakeTimeout, cancellationToken, (reader, token) => ClientHandshakeAsync(stream, reader, settings, token));
    }

    /// <summary>
    /// Receives the frames of one multipart message; null when the peer closed the connection between messages.
    /// </summary>
    public async Task<IReadOnlyList<byte[]>?> ReceiveMessageAsync(CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        try
        {
            var frames = new List<byte[]>();
            long total = 0;
            while (true)
            {
                // The remaining budget bounds the next frame, so the message limit holds before anything is allocated.
                var frame = await _reader.ReadFrameAsync(CurveProtocol.MessageOverhead + (_maxMessageSize - total), cancellationToken).ConfigureAwait(false);
                if (frame is null)
                {
                    if (frames.Count > 0) throw new ZmtpProtocolException(ZmtpFailure.ConnectionClosed, "The peer closed the connection in the middle of a multipart message.");
                    Close();
                    return null;
                }

                // The outer frame flags are not authenticated; the boxed flags byte is, so only it decides MORE/COMMAND.
                var payload = _session.Decode(frame.Value.Body, out byte flags);
                if ((flags & CurveProtocol.MessageFlagCommand) != 0)
                {
                    var subscription = await HandleCommandAsync(payload, frames.Count, cancellationToken).ConfigureAwait(false);
                    if (subscription is not null) return new[] { subscription };
                    continue;
                }

                total += payload.Length;
                frames.Add(payload);
                if (frames.Count > _maxFrames)
                {
                    throw new ZmtpProtocolException(ZmtpFailure.MessageTooLarge, $"A message has more than {_maxFrames} frames.");
                }

                if ((flags & CurveProtocol.MessageFlagMore) == 0) return frames;
            }
        }
        catch (Exception e)
        {
            Close();
            throw Translate(e, cancellationToken);
        }
    }

    /// <summary>Sends one multipart message (at least one frame), encrypted, as one write.</summary>
    public async Task SendMessageAsync(IReadOnlyList<ReadOnlyMemory<byte>> frames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.Count == 0) throw new ArgumentException("A message has at least one frame.", nameof(frames));
        long size = 0;
        foreach (var frame in frames)
        {
            int body = CurveSession.EncodedLength(frame.Length);
            size += ZmtpFrameHeader.LengthFor(body) + body;
        }

        if (size > Array.MaxLength) throw new ArgumentException($"A message of {size} bytes on the wire is too large to send.", nameof(frames));
        await SendAsync(frames, (int)size, isCommand: false, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        Close();
        _session.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task SendAsync(IReadOnlyList<ReadOnlyMemory<byte>> frames, int size, bool isCommand, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            ThrowIfClosed();
            int offset = 0;
            for (int i = 0; i < frames.Count; i++)
            {
                int body = CurveSession.EncodedLength(frames[i].Length);
                // libzmq sends each MESSAGE as a plain final frame; MORE travels inside the box.
                offset += ZmtpFrameHeader.Write(buffer.AsSpan(offset), ZmtpFrameFlags.None, body);
                byte flags = (byte)((isCommand ? CurveProtocol.MessageFlagCommand : 0) | (i < frames.Count - 1 ? CurveProtocol.MessageFlagMore : 0));
                _session.Encode(buffer.AsSpan(offset, body), frames[i].Span, flags);
                offset += body;
            }

            await _stream.WriteAsync(buffer.AsMemory(0, offset), cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Close();
            throw Translate(e, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _sendLock.Release();
        }
    }

    private async ValueTask<byte[]?> HandleCommandAsync(byte[] command, int framesSoFar, CancellationToken cancellationToken)
    {
        string name = ZmtpCommand.ParseName(command, out int dataOffset);
        var data = command.AsSpan(dataOffset);
        switch (name)
        {
            case "PING":
                // PING: ttl(2) context(0-16); PONG echoes the context.
                if (data.Length < 2 || data.Length > 18) throw new ZmtpProtocolException(ZmtpFailure.MalformedFrame, "A PING command has a bad size.");
                var pong = ZmtpCommand.Create("PONG", data.Slice(2));
                int pongBody = CurveSession.EncodedLength(pong.Length);
                await SendAsync(new ReadOnlyMemory<byte>[] { pong }, ZmtpFrameHeader.LengthFor(pongBody) + pongBody, isCommand: true, cancellationToken).ConfigureAwait(false);
                return null;
            case "SUBSCRIBE":
            case "CANCEL":
                if (framesSoFar > 0) throw new ZmtpProtocolException(ZmtpFailure.MalformedFrame, $"{name} arrived in the middle of a multipart message.");
                var subscription = new byte[1 + data.Length];
                subscription[0] = name == "SUBSCRIBE" ? (byte)1 : (byte)0;
                data.CopyTo(subscription.AsSpan(1));
                return subscription;
            default:
                // Authenticated commands we do not use (PONG, future ones) are ignored, as RFC 37 lets a peer do.
                return null;
        }
    }

    private static async Task<ZmtpConnection> HandshakeAsync(Stream stream, TimeSpan timeout, CancellationToken cancellationToken,
        Func<ZmtpFrameReader, CancellationToken, Task<ZmtpConnection>> run)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        // Not every stream honours a cancelled read; closing it does end the read on every stream.
        using var closeOnDeadline = deadline.Token.Register(static s => ((Stream)s!).Dispose(), stream);
        try
        {
            var connection = await run(new ZmtpFrameReader(stream), deadline.Token).ConfigureAwait(false);
            // The deadline may have closed the stream just as READY went through; such a connection is not handed out.
            if (!closeOnDeadline.Unregister())
            {
                connection.Dispose();
                throw new OperationCanceledException(deadline.Token);
            }

            return connection;
        }
        catch (Exception e)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            if (e is ZmtpProtocolException { Failure: not (ZmtpFailure.ConnectionClosed or ZmtpFailure.TransportError) }) throw;
            if (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new ZmtpProtocolException(ZmtpFailure.HandshakeTimeout, $"The CURVE handshake did not finish within {timeout.TotalSeconds:0.###} s.", e);
            }

            throw Translate(e, cancellationToken);
        }
    }

    private static async Task<ZmtpConnection> ServerHandshakeAsync(Stream stream, ZmtpFrameReader reader, CurveServerSettings settings, CancellationToken cancellationToken)
    {
        await WriteAsync(stream, ZmtpGreeting.Create(asServer: true), cancellationToken).ConfigureAwait(false);
        await ReadGreetingAsync(reader, cancellationToken).ConfigureAwait(false);

        using var handshake = new CurveServerHandshake(settings.KeyPair);
        var welcome = handshake.ProcessHello(await ReadCommandAsync(reader, cancellationToken).ConfigureAwait(false));
        await WriteCommandAsync(stream, welcome, cancellationToken).ConfigureAwait(false);

        var clientKey = Z85.Encode(handshake.ProcessInitiate(await ReadCommandAsync(reader, cancellationToken).ConfigureAwait(false), out var metadata));
        if (!IsAuthorized(settings.Authorize, clientKey))
        {
            await SendErrorQuietlyAsync(stream, CurveProtocol.AuthenticationFailedReason, cancellationToken).ConfigureAwait(false);
            throw new ZmtpProtocolException(ZmtpFailure.AuthenticationDenied, $"The client key {clientKey} is not allowed; the client was sent ERROR {CurveProtocol.AuthenticationFailedReason}.")
            {
                PeerPublicKey = clientKey,
            };
        }

        var peerType = CheckSocketType(metadata, settings.SocketType);
        var ready = handshake.CreateReady(OurMetadata(settings.SocketType), out var session);
        try
        {
            await WriteCommandAsync(stream, ready, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            session.Dispose();
            throw;
        }

        return new ZmtpConnection(stream, reader, session, settings.MaxMessageSize, settings.MaxFramesPerMessage, peerType, clientKey, metadata);
    }

    private static async Task<ZmtpConnection> ClientHandshakeAsync(Stream stream, ZmtpFrameReader reader, CurveClientSettings settings, CancellationToken cancellationToken)
    {
        await WriteAsync(stream, ZmtpGreeting.Create(asServer: false), cancellationToken).ConfigureAwait(false);
        await ReadGreetingAsync(reader, cancellationToken).ConfigureAwait(false);

        using var handshake = new CurveClientHandshake(settings.KeyPair, settings.ServerPublicKey, OurMetadata(settings.SocketType));
        await WriteCommandAsync(stream, handshake.CreateHello(), cancellationToken).ConfigureAwait(false);
        var initiate = handshake.ProcessWelcome(await ReadCommandAsync(reader, cancellationToken).ConfigureAwait(false));
        await WriteCommandAsync(stream, initiate, cancellationToken).ConfigureAwait(false);
        var session = handshake.ProcessReady(await ReadCommandAsync(reader, cancellationToken).ConfigureAwait(false), out var metadata);
        try
        {
            var peerType = CheckSocketType(metadata, settings.SocketType);
            return new ZmtpConnection(stream, reader, session, settings.MaxMessageSize, settings.MaxFramesPerMessage, peerType, Z85.Encode(settings.ServerPublicKey), metadata);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static async Task ReadGreetingAsync(ZmtpFrameReader reader, CancellationToken cancellationToken)
    {
        var greeting = new byte[ZmtpGreeting.Length];
        int received = 0;
        int needed;
        while ((needed = ZmtpGreeting.Check(greeting.AsSpan(0, received))) > 0)
        {
            await reader.ReadExactlyAsync(greeting.AsMemory(received, needed), cancellationToken).ConfigureAwait(false);
            received += needed;
        }
    }

    /// <summary>Reads one handshake command; an ERROR from the peer ends the handshake with its reason.</summary>
    private static async Task<byte[]> ReadCommandAsync(ZmtpFrameReader reader, CancellationToken cancellationToken)
    {
        var frame = await reader.ReadFrameAsync(CurveProtocol.MaxHandshakeCommandSize, cancellationToken).ConfigureAwait(false)
            ?? throw new ZmtpProtocolException(ZmtpFailure.ConnectionClosed, "The peer closed the connection during the CURVE handshake.");
        var (header, body) = frame;
        if (!header.IsCommand || header.HasMore)
        {
            // Exactly the downgrade NetMQ lets through: data before the handshake is done is never accepted.
            throw new ZmtpProtocolException(ZmtpFailure.UnexpectedCommand, "The peer sent a message frame before the CURVE handshake finished.");
        }

        if (ZmtpCommand.Is(body, "ERROR"))
        {
            string reason = ZmtpCommand.ParseErrorReason(body.AsSpan(6));
            throw new ZmtpProtocolException(ZmtpFailure.PeerRejected,
                reason == CurveProtocol.AuthenticationFailedReason
                    ? "The server refused this client's key (ERROR 400: authentication failed)."
                    : $"The peer ended the handshake with ERROR '{reason}'.")
            {
                PeerReason = reason,
            };
        }

        return body;
    }

    private static bool IsAuthorized(Func<string, bool>? authorize, string clientKey)
    {
        if (authorize is null) return true;
        try
        {
            return authorize(clientKey);
        }
        catch (Exception)
        {
            // A broken policy must fail closed; the caller sees the denial and can look at its own callback.
            return false;
        }
    }

    private static ZmtpSocketType CheckSocketType(IReadOnlyDictionary<string, byte[]> metadata, ZmtpSocketType ours)
    {
        if (!metadata.TryGetValue(ZmtpMetadata.SocketType, out var value) || !ZmtpSocketTypes.TryParse(value, out var peer))
        {
            throw new ZmtpProtocolException(ZmtpFailure.IncompatibleSocketType, "The peer did not announce a known Socket-Type.");
        }

        if (!ZmtpSocketTypes.CanTalk(ours, peer))
        {
            throw new ZmtpProtocolException(ZmtpFailure.IncompatibleSocketType,
                $"A {ZmtpSocketTypes.Name(ours)} socket cannot talk to a {ZmtpSocketTypes.Name(peer)} peer.");
        }

        return peer;
    }

    private static byte[] OurMetadata(ZmtpSocketType type)
    {
        var properties = new List<KeyValuePair<string, byte[]>>
        {
            new(ZmtpMetadata.SocketType, System.Text.Encoding.ASCII.GetBytes(ZmtpSocketTypes.Name(type))),
        };
        if (ZmtpSocketTypes.SendsIdentity(type)) properties.Add(new(ZmtpMetadata.Identity, Array.Empty<byte>()));
        return ZmtpMetadata.Encode(properties);
    }

    private static async Task SendErrorQuietlyAsync(Stream stream, string reason, CancellationToken cancellationToken)
    {
        try
        {
            await WriteCommandAsync(stream, ZmtpCommand.CreateError(reason), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The client is gone already; the denial stands either way.
        }
    }

    private static Task WriteCommandAsync(Stream stream, byte[] body, CancellationToken cancellationToken)
    {
        var frame = new byte[ZmtpFrameHeader.LengthFor(body.Length) + body.Length];
        int offset = ZmtpFrameHeader.Write(frame, ZmtpFrameFlags.Command, body.Length);
        body.CopyTo(frame, offset);
        return WriteAsync(stream, frame, cancellationToken);
    }

    private static async Task WriteAsync(Stream stream, byte[] bytes, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static Exception Translate(Exception e, CancellationToken cancellationToken) => e switch
    {
        ZmtpProtocolException => e,
        OperationCanceledException when cancellationToken.IsCancellationRequested => e,
        IOException or SocketException or ObjectDisposedException or OperationCanceledException =>
            new ZmtpProtocolException(ZmtpFailure.TransportError, $"The connection failed: {e.Message}", e),
        _ => e,
    };

    private void ThrowIfClosed()
    {
        if (Volatile.Read(ref _closed) != 0) throw new ZmtpProtocolException(ZmtpFailure.ConnectionClosed, "The connection is closed.");
    }

    private void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0) _stream.Dispose();
    }
}
