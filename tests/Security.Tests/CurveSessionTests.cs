using System.Text;
using ZeroContracts.Security.Tests.Support;

namespace ZeroContracts.Security.Tests;

public sealed class CurveSessionTests
{
    private static readonly CurveKeyPair ServerKeys = CurveKeyPair.Generate();

    [Fact]
    public async Task Message_commands_have_the_sizes_and_nonces_the_rfc_gives()
    {
        var (client, server) = await RawClient.ConnectAsync(ServerKeys);
        await using var _ = client;
        using var __ = server;

        var first = client.Encode("abc"u8.ToArray(), flags: 1);
        first.Length.ShouldBe(33 + 3);
        Encoding.ASCII.GetString(first, 0, 8).ShouldBe("\u0007MESSAGE");
        // HELLO used nonce 1 and INITIATE 2, so traffic starts at 3, big-endian.
        first.AsSpan(8, 8).ToArray().ShouldBe(new byte[] { 0, 0, 0, 0, 0, 0, 0, 3 });
        client.Encode(Array.Empty<byte>()).AsSpan(8, 8).ToArray().ShouldBe(new byte[] { 0, 0, 0, 0, 0, 0, 0, 4 });
    }

    [Fact]
    public async Task A_tampered_message_is_refused_and_drops_the_connection()
    {
        var (client, server) = await RawClient.ConnectAsync(ServerKeys);
        await using var _ = client;
        using var __ = server;

        var body = client.Encode("pay me 10"u8.ToArray());
        body[^1] ^= 0x01;
        await client.SendAsync(body);
        var error = await Should.ThrowAsync<ZmtpProtocolException>(server.ReceiveMessageAsync(CancellationToken.None).WaitAsync(Keys.Wait));
        error.Failure.ShouldBe(ZmtpFailure.CryptographicFailure);
        client.Stream.ReadByte().ShouldBe(-1, "the server closed the connection");
    }

    [Fact]
    public async Task A_replayed_message_is_refused()
    {
        var (client, server) = await RawClient.ConnectAsync(ServerKeys);
        await using var _ = client;
        using var __ = server;

        var body = client.Encode("once"u8.ToArray());
        await client.SendAsync(body);
        (await server.ReceiveMessageAsync(CancellationToken.None).WaitAsync(Keys.Wait))!.Single().ShouldBe("once"u8.ToArray());
        await client.SendAsync(body);
        (await Should.ThrowAsync<ZmtpProtocolException>(server.ReceiveMessageAsync(CancellationToken.None).WaitAsync(Keys.Wait))).Failure.ShouldBe(ZmtpFailure.ReplayedNonce);
    }

    [Fact]
    public async Task Messages_out_of_order_are_refused()
    {
        var (client, server) = await RawClient.ConnectAsync(ServerKeys);
        await using var _ = client;
        using var __ = server;

        var first = client.Encode("1"u8.ToArray());
        var second = client.Encode("2"u8.ToArray());
        await client.SendAsync(second);
        await client.SendAsync(first);
        (await server.ReceiveMessageAsync(CancellationToken.None).WaitAsync(Keys.Wait))!.Single().ShouldBe("2"u8.ToArray());
        (await Should.ThrowAsync<ZmtpProtocolException>(server.ReceiveMessageAsync(CancellationToken.None).WaitAsync(Keys.Wait))).Failure.ShouldBe(ZmtpFailure.ReplayedNonce);
    }

    [Fact]
    public async Task A_plaintext_frame_after_the_handshake_is_refused()
    {
        var (client, server) = await RawClient.ConnectAsync(ServerKeys);
        await using var _ = client;
        using var __ = server;

        await RawClient.WriteFrameAsync(client.Stream, ZmtpFrameFlags.None, "hello"u8.ToArray());
        (await Should.ThrowAsync<ZmtpProtocolException>(server.ReceiveMessageAsync(CancellationToken.None).WaitAsync(Keys.Wait))).Failure.ShouldBe(ZmtpFailure.UnexpectedCommand);
    }

    [Fact]
    public async Task Ping_is_answered_with_pong_and_the_stream_goes_on()
    {
        var (client, server) = await RawClient.ConnectAsync(ServerKeys);
        await using var _ = client;
        using var __ = server;

        var receive = server.ReceiveMessageAsync(CancellationToken.None);
        await client.SendAsync(client.Encode(ZmtpCommand.Create("PING", new byte[] { 0, 10, 0xC0, 0xFE }), flags: 2));
        var (pong, flags) = await client.ReceiveAsync();
        flags.ShouldBe((byte)2);
        pong.ShouldBe(ZmtpCommand.Create("PONG", new byte[] { 0xC0, 0xFE }));

        await client.SendAsync(client.Encode("after"u8.ToArray()));
        (await receive.WaitAsync(Keys.Wait))!.Single().ShouldBe("after"u8.ToArray());
    }

    [Fact]
    public async Task A_zmtp_3_1_subscribe_command_arrives_as_a_zmtp_3_0_subscription_message()
    {
        var (client, server) = await RawClient.ConnectAsync(ServerKeys);
        await using var _ = client;
        using var __ = server;

        await client.SendAsync(client.Encode(ZmtpCommand.Create("SUBSCRIBE", "topic"u8), flags: 2));
        await client.SendAsync(client.Encode(ZmtpCommand.Create("CANCEL", "topic"u8), flags: 2));
        (await server.ReceiveMessageAsync(CancellationToken.None).WaitAsync(Keys.Wait))!.Single().ShouldBe("\u0001topic"u8.ToArray());
        (await server.ReceiveMessageAsync(CancellationToken.None).WaitAsync(Keys.Wait))!.Single().ShouldBe("\u0000topic"u8.ToArray());
    }

    [Fact]
    public async Task A_message_frame_before_the_handshake_is_refused_and_never_delivered()
    {
        var (serverStream, raw) = DuplexStream.CreatePair();
        var accept = ZmtpConnection.AcceptAsync(serverStream, new CurveServerSettings(ServerKeys, ZmtpSocketType.Router), CancellationToken.None);
        // A valid ZMTP 3.0 CURVE greeting, then plaintext data where HELLO belongs.
        await RawClient.WriteFrameAsync(raw, ZmtpFrameFlags.None, ZmtpGreeting.Create(asServer: false), raw: true);
        await RawClient.WriteFrameAsync(raw, ZmtpFrameFlags.None, "GetForecast"u8.ToArray());
        (await Should.ThrowAsync<ZmtpProtocolException>(accept.WaitAsync(Keys.Wait))).Failure.ShouldBe(ZmtpFailure.UnexpectedCommand);
    }
}
