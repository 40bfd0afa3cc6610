using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using ZeroContracts.Interop.Tests.Support;
using ZeroContracts.Security.Tests.Support;

namespace ZeroContracts.Security.Tests;

/// <summary>libzmq 4.3 CURVE clients (Debian's python3-zmq) against our ZMTP/CURVE server, refusals included.</summary>
public sealed class LibzmqServerInteropTests
{
    [Fact]
    public async Task A_libzmq_curve_dealer_talks_to_our_server_both_ways()
    {
        var serverKeys = CurveKeyPair.Generate();
        var clientKeys = CurveKeyPair.Generate();
        using var listener = LibzmqPeer.Listen(out var endpoint);
        using var dealer = LibzmqPeer.Start("dealer", endpoint, serverKeys.PublicKey, clientKeys.SecretKey, "10000");

        await using var connection = await LibzmqPeer.AcceptAsync(listener, new CurveServerSettings(serverKeys, ZmtpSocketType.Router)
        {
            Authorize = CurveServerSettings.AllowOnly(new[] { clientKeys.PublicKey }),
        });
        connection.PeerPublicKey.ShouldBe(clientKeys.PublicKey);
        connection.PeerSocketType.ShouldBe(ZmtpSocketType.Dealer);

        var request = await connection.ReceiveMessageAsync(CancellationToken.None).WaitAsync(Keys.Wait);
        request!.Select(f => Encoding.ASCII.GetString(f)).ShouldBe(new[] { "hello", "", "world" });
        await connection.SendMessageAsync(new ReadOnlyMemory<byte>[] { "hi"u8.ToArray(), Array.Empty<byte>(), "from-dotnet"u8.ToArray() }, CancellationToken.None).WaitAsync(Keys.Wait);
        (await connection.ReceiveMessageAsync(CancellationToken.None).WaitAsync(Keys.Wait))!.Single().ShouldBe("thanks"u8.ToArray());

        await dealer.WaitForLineAsync(l => l == "done", Keys.Wait);
        dealer.Lines.ShouldContain($"received {LibzmqPeer.Show("hi"u8.ToArray(), Array.Empty<byte>(), "from-dotnet"u8.ToArray())}");
    }

    [Fact]
    public async Task A_libzmq_client_whose_key_is_not_allowed_is_refused_and_receives_nothing()
    {
        var serverKeys = CurveKeyPair.Generate();
        var intruder = CurveKeyPair.Generate();
        using var listener = LibzmqPeer.Listen(out var endpoint);
        using var dealer = LibzmqPeer.Start("dealer", endpoint, serverKeys.PublicKey, intruder.SecretKey, "5000");

        var settings = new CurveServerSettings(serverKeys, ZmtpSocketType.Router) { Authorize = CurveServerSettings.AllowOnly(new[] { CurveKeyPair.Generate().PublicKey }) };
        var denied = await Should.ThrowAsync<ZmtpProtocolException>(LibzmqPeer.AcceptAsync(listener, settings));
        denied.Failure.ShouldBe(ZmtpFailure.AuthenticationDenied);
        denied.PeerPublicKey.ShouldBe(intruder.PublicKey);

        await dealer.WaitForLineAsync(l => l == "no-reply", Keys.Wait);
        // libzmq read our ERROR as a ZAP refusal with status 400, exactly as from a libzmq server.
        dealer.Lines.ShouldContain("event HANDSHAKE_FAILED_AUTH 400");
        dealer.Lines.ShouldNotContain(l => l.StartsWith("received"));
    }

    [Fact]
    public async Task A_libzmq_client_with_the_wrong_server_key_fails_the_handshake()
    {
        var serverKeys = CurveKeyPair.Generate();
        using var listener = LibzmqPeer.Listen(out var endpoint);
        using var dealer = LibzmqPeer.Start("dealer", endpoint, CurveKeyPair.Generate().PublicKey, CurveKeyPair.Generate().SecretKey, "5000");

        var error = await Should.ThrowAsync<ZmtpProtocolException>(LibzmqPeer.AcceptAsync(listener, new CurveServerSettings(serverKeys, ZmtpSocketType.Router)));
        error.Failure.ShouldBe(ZmtpFailure.CryptographicFailure);
        error.Message.ShouldContain("HELLO");
        await dealer.WaitForLineAsync(l => l == "no-reply", Keys.Wait);
        dealer.Lines.ShouldNotContain(l => l.StartsWith("received"));
    }
}
