using System.Text;
using NetMQ;
using NetMQ.Sockets;
using ZeroContracts.Security.Tests.Support;

namespace ZeroContracts.Security.Tests;

/// <summary>
/// Our engine against NetMQ 4.0.4.5's own CURVE: the guard will sit between NetMQ clients (our generated clients keep
/// using NetMQ) and the network, so both directions must work.
/// </summary>
public sealed class NetMqInteropTests
{
    [Fact]
    public async Task A_netmq_curve_dealer_talks_to_our_server_both_ways()
    {
        var serverKeys = CurveKeyPair.Generate();
        var clientKeys = CurveKeyPair.Generate();
        using var listener = LibzmqPeer.Listen(out var endpoint);
        using var dealer = new DealerSocket();
        dealer.Options.Linger = TimeSpan.Zero;
        dealer.Options.CurveServerKey = serverKeys.PublicKeyBytes.ToArray();
        dealer.Options.CurveCertificate = new NetMQCertificate(clientKeys.SecretKeyBytes.ToArray(), clientKeys.PublicKeyBytes.ToArray());
        dealer.Connect(endpoint);
        dealer.SendMoreFrame("hello").SendMoreFrameEmpty().SendFrame("world");

        await using var connection = await LibzmqPeer.AcceptAsync(listener, new CurveServerSettings(serverKeys, ZmtpSocketType.Router)
        {
            Authorize = CurveServerSettings.AllowOnly(new[] { clientKeys.PublicKey }),
        });
        connection.PeerSocketType.ShouldBe(ZmtpSocketType.Dealer);
        (await connection.ReceiveMessageAsync(CancellationToken.None).WaitAsync(Keys.Wait))!.Select(Encoding.ASCII.GetString).ShouldBe(new[] { "hello", "", "world" });

        await connection.SendMessageAsync(new ReadOnlyMemory<byte>[] { "hi"u8.ToArray(), Array.Empty<byte>(), "from-dotnet"u8.ToArray() }, CancellationToken.None).WaitAsync(Keys.Wait);
        var reply = await Task.Run(() => Receive(dealer)).WaitAsync(Keys.Wait);
        reply.ShouldNotBeNull();
        reply.Select(f => f.ConvertToString()).ShouldBe(new[] { "hi", "", "from-dotnet" });
    }

    [Fact]
    public async Task Our_client_talks_to_a_netmq_curve_router_both_ways()
    {
        var serverKeys = CurveKeyPair.Generate();
        using var router = new RouterSocket();
        router.Options.Linger = TimeSpan.Zero;
        router.Options.CurveServer = true;
        router.Options.CurveCertificate = new NetMQCertificate(serverKeys.SecretKeyBytes.ToArray(), serverKeys.PublicKeyBytes.ToArray());
        int port = router.BindRandomPort("tcp://127.0.0.1");

        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port).WaitAsync(Keys.Wait);
        await using var connection = await ZmtpConnection.ConnectAsync(tcp.GetStream(), new CurveClientSettings(CurveKeyPair.Generate(), serverKeys.PublicKey, ZmtpSocketType.Dealer), CancellationToken.None).WaitAsync(Keys.Wait);
        connection.PeerSocketType.ShouldBe(ZmtpSocketType.Router);

        await connection.SendMessageAsync(new ReadOnlyMemory<byte>[] { "hello"u8.ToArray(), Array.Empty<byte>(), "world"u8.ToArray() }, CancellationToken.None).WaitAsync(Keys.Wait);
        var request = await Task.Run(() => Receive(router)).WaitAsync(Keys.Wait);
        request.ShouldNotBeNull();
        request.Skip(1).Select(f => f.ConvertToString()).ShouldBe(new[] { "hello", "", "world" });

        var answer = new NetMQMessage();
        answer.Append(request.First.ToByteArray());
        answer.Append("from-netmq");
        answer.AppendEmptyFrame();
        router.SendMultipartMessage(answer);
        (await connection.ReceiveMessageAsync(CancellationToken.None).WaitAsync(Keys.Wait))!.Select(Encoding.ASCII.GetString).ShouldBe(new[] { "from-netmq", "" });
    }

    private static NetMQMessage? Receive(NetMQSocket socket)
    {
        NetMQMessage? message = null;
        return socket.TryReceiveMultipartMessage(Keys.Wait, ref message) ? message : null;
    }
}
