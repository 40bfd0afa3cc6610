using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using ZeroContracts.Interop.Tests.Support;
using ZeroContracts.Security.Tests.Support;

namespace ZeroContracts.Security.Tests;

/// <summary>Our ZMTP/CURVE client against a libzmq 4.3 CURVE server (Debian's python3-zmq).</summary>
public sealed class LibzmqClientInteropTests
{
    [Fact]
    public async Task Our_client_talks_to_a_libzmq_curve_router_both_ways()
    {
        using var router = LibzmqPeer.Start("router", "10000");
        var endpoint = LibzmqPeer.Value(await router.WaitForLineAsync(l => l.StartsWith("endpoint "), Keys.Wait));
        var serverKey = LibzmqPeer.Value(await router.WaitForLineAsync(l => l.StartsWith("server-public "), Keys.Wait));

        using var tcp = new TcpClient();
        var uri = new Uri(endpoint);
        await tcp.ConnectAsync(uri.Host, uri.Port).WaitAsync(Keys.Wait);
        await using var connection = await ZmtpConnection.ConnectAsync(tcp.GetStream(), new CurveClientSettings(CurveKeyPair.Generate(), serverKey, ZmtpSocketType.Dealer), CancellationToken.None).WaitAsync(Keys.Wait);
        connection.PeerSocketType.ShouldBe(ZmtpSocketType.Router);

        var big = RandomNumberGenerator.GetBytes(300_000);
        await connection.SendMessageAsync(new ReadOnlyMemory<byte>[] { "hello"u8.ToArray(), Array.Empty<byte>(), big }, CancellationToken.None).WaitAsync(Keys.Wait);
        var reply = await connection.ReceiveMessageAsync(CancellationToken.None).WaitAsync(Keys.Wait);
        reply.ShouldNotBeNull();
        reply.Count.ShouldBe(4);
        reply[0].ShouldBe("hello"u8.ToArray());
        reply[1].ShouldBeEmpty();
        reply[2].ShouldBe(big);
        reply[3].ShouldBe("from-libzmq"u8.ToArray());

        await connection.SendMessageAsync(new ReadOnlyMemory<byte>[] { "thanks"u8.ToArray() }, CancellationToken.None).WaitAsync(Keys.Wait);
        await router.WaitForLineAsync(l => l == "done", Keys.Wait);
        router.Lines.ShouldContain("peer-socket-type DEALER");
        router.Lines.ShouldContain($"received {LibzmqPeer.Show("hello"u8.ToArray(), Array.Empty<byte>(), big)}");
        router.Lines.ShouldContain($"received {LibzmqPeer.Show("thanks"u8.ToArray())}");
    }

    [Fact]
    public async Task Our_client_with_the_wrong_server_key_gets_a_clear_error_from_libzmq()
    {
        using var router = LibzmqPeer.Start("router", "3000");
        var endpoint = new Uri(LibzmqPeer.Value(await router.WaitForLineAsync(l => l.StartsWith("endpoint "), Keys.Wait)));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(endpoint.Host, endpoint.Port).WaitAsync(Keys.Wait);
        var settings = new CurveClientSettings(CurveKeyPair.Generate(), CurveKeyPair.Generate().PublicKey, ZmtpSocketType.Dealer);
        var error = await Should.ThrowAsync<ZmtpProtocolException>(ZmtpConnection.ConnectAsync(tcp.GetStream(), settings, CancellationToken.None).WaitAsync(Keys.Wait));
        error.Failure.ShouldBeOneOf(ZmtpFailure.ConnectionClosed, ZmtpFailure.TransportError);
    }
}
