namespace ZeroContracts.Security.Tests.Support;

/// <summary>
/// A hand-driven CURVE client: the real handshake code, but every frame written by the test, so a test can replay,
/// reorder or corrupt bytes on the wire and watch what a <see cref="ZmtpConnection"/> server does with them.
/// </summary>
internal sealed class RawClient : IAsyncDisposable
{
    private readonly ZmtpFrameReader _reader;

    private RawClient(DuplexStream stream, CurveSession session)
    {
        Stream = stream;
        _reader = new ZmtpFrameReader(stream);
        Session = session;
    }

    public DuplexStream Stream { get; }

    public CurveSession Session { get; }

    /// <summary>Runs the handshake against a server being accepted on the other end; returns both sides.</summary>
    public static async Task<(RawClient Client, ZmtpConnection Server)> ConnectAsync(CurveKeyPair serverKeys)
    {
        var (serverStream, stream) = DuplexStream.CreatePair();
        var accept = ZmtpConnection.AcceptAsync(serverStream, new CurveServerSettings(serverKeys, ZmtpSocketType.Router), CancellationToken.None);
        var reader = new ZmtpFrameReader(stream);
        await WriteFrameAsync(stream, ZmtpFrameFlags.None, ZmtpGreeting.Create(asServer: false), raw: true);
        var greeting = new byte[64];
        await reader.ReadExactlyAsync(greeting, CancellationToken.None);
        ZmtpGreeting.Check(greeting).ShouldBe(0);

        var metadata = ZmtpMetadata.Encode(new KeyValuePair<string, byte[]>[] { new("Socket-Type", "DEALER"u8.ToArray()) });
        using var handshake = new CurveClientHandshake(CurveKeyPair.Generate(), serverKeys.PublicKeyBytes.ToArray(), metadata);
        await WriteFrameAsync(stream, ZmtpFrameFlags.Command, handshake.CreateHello());
        var welcome = (await reader.ReadFrameAsync(1000, CancellationToken.None))!.Value.Body;
        await WriteFrameAsync(stream, ZmtpFrameFlags.Command, handshake.ProcessWelcome(welcome));
        var ready = (await reader.ReadFrameAsync(1000, CancellationToken.None))!.Value.Body;
        var session = handshake.ProcessReady(ready, out _);
        var server = await accept.WaitAsync(Keys.Wait);
        return (new RawClient(stream, session), server);
    }

    /// <summary>Encodes one MESSAGE command body (not yet sent).</summary>
    public byte[] Encode(byte[] payload, byte flags = 0)
    {
        var body = new byte[CurveSession.EncodedLength(payload.Length)];
        Session.Encode(body, payload, flags);
        return body;
    }

    public Task SendAsync(byte[] messageBody) => WriteFrameAsync(Stream, ZmtpFrameFlags.None, messageBody);

    /// <summary>Reads the next frame from the server and opens it.</summary>
    public async Task<(byte[] Payload, byte Flags)> ReceiveAsync()
    {
        var frame = (await _reader.ReadFrameAsync(1 << 20, CancellationToken.None).AsTask().WaitAsync(Keys.Wait))!.Value;
        var payload = Session.Decode(frame.Body, out byte flags);
        return (payload, flags);
    }

    public static async Task WriteFrameAsync(Stream stream, ZmtpFrameFlags flags, byte[] body, bool raw = false)
    {
        if (!raw)
        {
            var header = new byte[ZmtpFrameHeader.LongLength];
            await stream.WriteAsync(header.AsMemory(0, ZmtpFrameHeader.Write(header, flags, body.Length)));
        }

        await stream.WriteAsync(body);
        await stream.FlushAsync();
    }

    public ValueTask DisposeAsync()
    {
        Session.Dispose();
        return Stream.DisposeAsync();
    }
}
