using System.Text;
using ZeroContracts.Security.Tests.Support;

namespace ZeroContracts.Security.Tests;

public sealed class HandshakeTests
{
    private static readonly CurveKeyPair ServerKeys = CurveKeyPair.FromSecretKey(Keys.ServerSecret);
    private static readonly CurveKeyPair ClientKeys = CurveKeyPair.FromSecretKey(Keys.ClientSecret);

    private static CurveServerSettings Server(Func<string, bool>? authorize = null, int maxMessageSize = 4 * 1024 * 1024) =>
        new(ServerKeys, ZmtpSocketType.Router) { Authorize = authorize, MaxMessageSize = maxMessageSize };

    private static CurveClientSettings Client(string? serverKey = null, ZmtpSocketType type = ZmtpSocketType.Dealer) =>
        new(ClientKeys, serverKey ?? ServerKeys.PublicKey, type);

    [Fact]
    public async Task Client_and_server_handshake_and_exchange_multipart_messages_both_ways()
    {
        await using var pair = await Pair.ConnectAsync(Server(), Client());

        pair.Server.PeerSocketType.ShouldBe(ZmtpSocketType.Dealer);
        pair.Server.PeerPublicKey.ShouldBe(ClientKeys.PublicKey);
        pair.Server.PeerMetadata.ShouldContainKey("Identity");
        pair.Client.PeerSocketType.ShouldBe(ZmtpSocketType.Router);
        pair.Client.PeerPublicKey.ShouldBe(ServerKeys.PublicKey);

        var big = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();
        // The in-memory pipe holds 64 KiB, as a socket buffer would: the large send completes only while the server reads.
        var sends = Task.Run(async () =>
        {
            await pair.Client.SendMessageAsync(Frames("hello", "", "world"), CancellationToken.None);
            await pair.Client.SendMessageAsync(new ReadOnlyMemory<byte>[] { big }, CancellationToken.None);
        });
        (await pair.Server.ReceiveMessageAsync(CancellationToken.None).WaitAsync(Keys.Wait))!.Select(Encoding.UTF8.GetString).ShouldBe(new[] { "hello", "", "world" });
        (await pair.Server.ReceiveMessageAsync(CancellationToken.None).WaitAsync(Keys.Wait))!.Single().ShouldBe(big);
        await sends.WaitAsync(Keys.Wait);

        await pair.Server.SendMessageAsync(Frames("reply", "two"), CancellationToken.None);
        (await pair.Client.ReceiveMessageAsync(CancellationToken.None).WaitAsync(Keys.Wait))!.Select(Encoding.UTF8.GetString).ShouldBe(new[] { "reply", "two" });
    }

    [Fact]
    public async Task A_peer_that_closes_between_messages_ends_the_stream_with_null()
    {
        await using var pair = await Pair.ConnectAsync(Server(), Client());
        await pair.Client.SendMessageAsync(Frames("last"), CancellationToken.None);
        await pair.Client.DisposeAsync();
        (await pair.Server.ReceiveMessageAsync(CancellationToken.None).WaitAsync(Keys.Wait))!.Single().ShouldBe("last"u8.ToArray());
        (await pair.Server.ReceiveMessageAsync(CancellationToken.None).WaitAsync(Keys.Wait)).ShouldBeNull();
    }

    [Fact]
    public async Task A_client_key_the_server_does_not_allow_is_refused_with_error_400()
    {
        string? asked = null;
        var (serverStream, clientStream) = DuplexStream.CreatePair();
        var accept = ZmtpConnection.AcceptAsync(serverStream, Server(key => { asked = key; return false; }), CancellationToken.None);
        var connect = ZmtpConnection.ConnectAsync(clientStream, Client(), CancellationToken.None);

        var denied = await Should.ThrowAsync<ZmtpProtocolException>(accept.WaitAsync(Keys.Wait));
        denied.Failure.ShouldBe(ZmtpFailure.AuthenticationDenied);
        denied.PeerPublicKey.ShouldBe(ClientKeys.PublicKey);
        asked.ShouldBe(ClientKeys.PublicKey);

        var refused = await Should.ThrowAsync<ZmtpProtocolException>(connect.WaitAsync(Keys.Wait));
        refused.Failure.ShouldBe(ZmtpFailure.PeerRejected);
        refused.PeerReason.ShouldBe("400");
        clientStream.IsDisposed.ShouldBeTrue();
        serverStream.IsDisposed.ShouldBeTrue();
    }

    [Fact]
    public async Task An_allow_list_admits_exactly_its_keys()
    {
        var allow = CurveServerSettings.AllowOnly(new[] { ClientKeys.PublicKey });
        allow(ClientKeys.PublicKey).ShouldBeTrue();
        allow(CurveKeyPair.Generate().PublicKey).ShouldBeFalse();
        await using var pair = await Pair.ConnectAsync(Server(allow), Client());
        pair.Server.PeerPublicKey.ShouldBe(ClientKeys.PublicKey);
    }

    [Fact]
    public async Task An_authorization_callback_that_throws_denies()
    {
        var (serverStream, clientStream) = DuplexStream.CreatePair();
        var accept = ZmtpConnection.AcceptAsync(serverStream, Server(_ => throw new InvalidOperationException("policy bug")), CancellationToken.None);
        var connect = ZmtpConnection.ConnectAsync(clientStream, Client(), CancellationToken.None);
        (await Should.ThrowAsync<ZmtpProtocolException>(accept.WaitAsync(Keys.Wait))).Failure.ShouldBe(ZmtpFailure.AuthenticationDenied);
        (await Should.ThrowAsync<ZmtpProtocolException>(connect.WaitAsync(Keys.Wait))).Failure.ShouldBe(ZmtpFailure.PeerRejected);
    }

    [Fact]
    public async Task A_client_with_the_wrong_server_key_fails_and_the_server_sees_a_bad_hello()
    {
        var (serverStream, clientStream) = DuplexStream.CreatePair();
        var accept = ZmtpConnection.AcceptAsync(serverStream, Server(), CancellationToken.None);
        var connect = ZmtpConnection.ConnectAsync(clientStream, Client(serverKey: CurveKeyPair.Generate().PublicKey), CancellationToken.None);

        var serverError = await Should.ThrowAsync<ZmtpProtocolException>(accept.WaitAsync(Keys.Wait));
        serverError.Failure.ShouldBe(ZmtpFailure.CryptographicFailure);
        serverError.Message.ShouldContain("HELLO");
        (await Should.ThrowAsync<ZmtpProtocolException>(connect.WaitAsync(Keys.Wait))).Failure.ShouldBe(ZmtpFailure.ConnectionClosed);
    }

    [Fact]
    public async Task Incompatible_socket_types_are_refused()
    {
        var (serverStream, clientStream) = DuplexStream.CreatePair();
        var accept = ZmtpConnection.AcceptAsync(serverStream, Server(), CancellationToken.None);
        var connect = ZmtpConnection.ConnectAsync(clientStream, Client(type: ZmtpSocketType.Sub), CancellationToken.None);
        (await Should.ThrowAsync<ZmtpProtocolException>(accept.WaitAsync(Keys.Wait))).Failure.ShouldBe(ZmtpFailure.IncompatibleSocketType);
        (await Should.ThrowAsync<ZmtpProtocolException>(connect.WaitAsync(Keys.Wait))).Failure.ShouldBe(ZmtpFailure.ConnectionClosed);
    }

    [Fact]
    public async Task A_silent_peer_fails_the_handshake_after_the_timeout()
    {
        var (serverStream, _) = DuplexStream.CreatePair();
        var settings = new CurveServerSettings(ServerKeys, ZmtpSocketType.Router) { HandshakeTimeout = TimeSpan.FromMilliseconds(200) };
        var error = await Should.ThrowAsync<ZmtpProtocolException>(ZmtpConnection.AcceptAsync(serverStream, settings, CancellationToken.None).WaitAsync(Keys.Wait));
        error.Failure.ShouldBe(ZmtpFailure.HandshakeTimeout);
        serverStream.IsDisposed.ShouldBeTrue();
    }

    [Fact]
    public async Task The_callers_cancellation_is_a_cancellation_not_a_timeout()
    {
        var (serverStream, _) = DuplexStream.CreatePair();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Should.ThrowAsync<OperationCanceledException>(ZmtpConnection.AcceptAsync(serverStream, Server(), cancel.Token).WaitAsync(Keys.Wait));
        serverStream.IsDisposed.ShouldBeTrue();
    }

    [Fact]
    public async Task A_message_over_the_limit_drops_the_connection_before_it_is_read()
    {
        await using var pair = await Pair.ConnectAsync(Server(maxMessageSize: 1000), Client());
        await pair.Client.SendMessageAsync(Frames(new string('a', 600), new string('b', 600)), CancellationToken.None);
        var error = await Should.ThrowAsync<ZmtpProtocolException>(pair.Server.ReceiveMessageAsync(CancellationToken.None).WaitAsync(Keys.Wait));
        error.Failure.ShouldBe(ZmtpFailure.FrameTooLarge);
        await Should.ThrowAsync<ZmtpProtocolException>(pair.Server.SendMessageAsync(Frames("x"), CancellationToken.None));
    }

    [Fact]
    public async Task A_message_at_the_limit_is_delivered()
    {
        await using var pair = await Pair.ConnectAsync(Server(maxMessageSize: 1000), Client());
        await pair.Client.SendMessageAsync(Frames(new string('a', 400), new string('b', 600)), CancellationToken.None);
        (await pair.Server.ReceiveMessageAsync(CancellationToken.None).WaitAsync(Keys.Wait))!.Sum(f => f.Length).ShouldBe(1000);
    }

    [Fact]
    public async Task A_message_with_more_frames_than_allowed_is_refused()
    {
        var settings = new CurveServerSettings(ServerKeys, ZmtpSocketType.Router) { MaxFramesPerMessage = 3 };
        await using var pair = await Pair.ConnectAsync(settings, Client());
        await pair.Client.SendMessageAsync(Frames("a", "b", "c"), CancellationToken.None);
        (await pair.Server.ReceiveMessageAsync(CancellationToken.None).WaitAsync(Keys.Wait))!.Count.ShouldBe(3);
        await pair.Client.SendMessageAsync(Frames("", "", "", ""), CancellationToken.None);
        (await Should.ThrowAsync<ZmtpProtocolException>(pair.Server.ReceiveMessageAsync(CancellationToken.None).WaitAsync(Keys.Wait))).Failure.ShouldBe(ZmtpFailure.MessageTooLarge);
    }

    internal static ReadOnlyMemory<byte>[] Frames(params string[] frames) => frames.Select(f => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(f)).ToArray();
}
