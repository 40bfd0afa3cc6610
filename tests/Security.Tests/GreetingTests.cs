using System.Text;
using ZeroContracts.Security.Tests.Support;

namespace ZeroContracts.Security.Tests;

public sealed class GreetingTests
{
    // The bytes that NetMQ 4.0.4.5's CurveServer ROUTER accepts from a plaintext peer (issue 7).
    private static readonly byte[] Zmtp10 = { 0x01, 0x00, 0x01, 0x01, 0x06, 0x00, (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o' };

    private static readonly byte[] Zmtp20 =
        { 0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F, 0x01, 0x03, 0x00, 0x00, 0x01, 0x00, 0x00, 0x05, (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o' };

    private static readonly byte[] Http = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n");

    [Fact]
    public void Our_greeting_is_64_bytes_of_zmtp_3_0_curve()
    {
        var greeting = ZmtpGreeting.Create(asServer: true);
        greeting.Length.ShouldBe(64);
        greeting[0].ShouldBe((byte)0xFF);
        greeting[9].ShouldBe((byte)0x7F);
        greeting[10].ShouldBe((byte)3);
        greeting[11].ShouldBe((byte)0);
        Encoding.ASCII.GetString(greeting, 12, 20).TrimEnd('\0').ShouldBe("CURVE");
        greeting[32].ShouldBe((byte)1);
        ZmtpGreeting.Check(greeting).ShouldBe(0);
        ZmtpGreeting.Create(asServer: false)[32].ShouldBe((byte)0);
    }

    [Fact]
    public void A_valid_greeting_is_read_in_stages_that_never_overshoot()
    {
        var greeting = ZmtpGreeting.Create(asServer: false);
        var stages = new List<int>();
        int have = 0;
        int need;
        while ((need = ZmtpGreeting.Check(greeting.AsSpan(0, have))) > 0)
        {
            stages.Add(need);
            have += need;
        }

        have.ShouldBe(64);
        stages.ShouldBe(new[] { 1, 9, 1, 1, 20, 1, 31 });
    }

    [Theory]
    [InlineData("zmtp1", 1, "LegacyPeer")]
    [InlineData("zmtp2", 11, "LegacyPeer")]
    [InlineData("http", 1, "LegacyPeer")]
    [InlineData("null-mechanism", 32, "UnsupportedMechanism")]
    [InlineData("plain-mechanism", 32, "UnsupportedMechanism")]
    [InlineData("long-v1-length", 10, "LegacyPeer")]
    public void Refuses_a_foreign_greeting_as_soon_as_its_bytes_show_it(string name, int decisiveLength, string failure)
    {
        var bytes = Bytes(name);
        // Every shorter prefix is still undecided; the decisive prefix is refused.
        for (int length = 0; length < decisiveLength; length++)
        {
            ZmtpGreeting.Check(bytes.AsSpan(0, length)).ShouldBeGreaterThan(0);
        }

        Should.Throw<ZmtpProtocolException>(() => ZmtpGreeting.Check(bytes.AsSpan(0, decisiveLength))).Failure.ShouldBe(Enum.Parse<ZmtpFailure>(failure));
    }

    [Theory]
    [InlineData("zmtp1", 1)]
    [InlineData("zmtp2", 11)]
    [InlineData("http", 1)]
    [InlineData("null-mechanism", 32)]
    public async Task A_server_refuses_a_legacy_or_foreign_peer_reading_no_further(string name, int decisiveLength)
    {
        var (server, peer) = DuplexStream.CreatePair();
        var bytes = Bytes(name);
        // The peer sends its greeting and, for the legacy ones, a complete plaintext message right after it.
        await peer.WriteAsync(bytes);
        var accept = ZmtpConnection.AcceptAsync(server, new CurveServerSettings(CurveKeyPair.Generate(), ZmtpSocketType.Router), CancellationToken.None);

        var error = await Should.ThrowAsync<ZmtpProtocolException>(accept.WaitAsync(Keys.Wait));
        error.Failure.ShouldBeOneOf(ZmtpFailure.LegacyPeer, ZmtpFailure.UnsupportedMechanism);
        server.BytesRead.ShouldBe(decisiveLength);
        server.IsDisposed.ShouldBeTrue();
        (await ReadToEndAsync(peer)).Length.ShouldBe(64, "the peer gets our greeting and then the connection closes");
    }

    [Fact]
    public async Task A_truncated_greeting_ends_the_handshake_with_connection_closed()
    {
        var (server, peer) = DuplexStream.CreatePair();
        await peer.WriteAsync(ZmtpGreeting.Create(asServer: false).AsMemory(0, 20));
        peer.Dispose();
        var error = await Should.ThrowAsync<ZmtpProtocolException>(
            ZmtpConnection.AcceptAsync(server, new CurveServerSettings(CurveKeyPair.Generate(), ZmtpSocketType.Router), CancellationToken.None).WaitAsync(Keys.Wait));
        error.Failure.ShouldBe(ZmtpFailure.ConnectionClosed);
    }

    [Fact]
    public void The_as_server_field_must_be_0_or_1_but_does_not_decide_roles()
    {
        // libzmq 4.3's CURVE server sends 0 here, so a client must accept it.
        ZmtpGreeting.Check(ZmtpGreeting.Create(asServer: false)).ShouldBe(0);
        var greeting = ZmtpGreeting.Create(asServer: true);
        greeting[32] = 2;
        Should.Throw<ZmtpProtocolException>(() => ZmtpGreeting.Check(greeting)).Failure.ShouldBe(ZmtpFailure.InvalidGreeting);
    }

    [Fact]
    public void A_newer_zmtp_revision_is_accepted_because_the_newer_peer_downgrades()
    {
        var greeting = ZmtpGreeting.Create(asServer: true);
        greeting[10] = 4;
        greeting[11] = 2;
        ZmtpGreeting.Check(greeting).ShouldBe(0);
    }

    private static byte[] Bytes(string name)
    {
        switch (name)
        {
            case "zmtp1": return Zmtp10;
            case "zmtp2": return Zmtp20;
            case "http": return Http;
            case "long-v1-length":
                // ZMTP 1.0 with an 8-byte length: 0xFF then a big-endian length whose last byte is even.
                return new byte[] { 0xFF, 0, 0, 0, 0, 0, 0, 1, 0, 0x02, 0x00 };
            default:
                var greeting = ZmtpGreeting.Create(asServer: false);
                Array.Clear(greeting, 12, 20);
                Encoding.ASCII.GetBytes(name == "null-mechanism" ? "NULL" : "PLAIN").CopyTo(greeting, 12);
                return greeting;
        }
    }

    private static async Task<byte[]> ReadToEndAsync(Stream stream)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer).WaitAsync(Keys.Wait);
        return buffer.ToArray();
    }
}
