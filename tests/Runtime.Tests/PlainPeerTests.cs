using NetMQ;
using NetMQ.Sockets;
using ZeroContracts.Runtime.Tests.Contracts;
using ZeroContracts.Runtime.Tests.Support;
using static ZeroContracts.Runtime.Tests.Support.RawPeer;

namespace ZeroContracts.Runtime.Tests;

/// <summary>Plain ZeroMQ sockets on the other side: the protocol works with REQ and REP peers, as docs/protocol.md says.</summary>
public sealed class PlainPeerTests
{
    [Fact]
    public async Task A_plain_REQ_socket_calls_a_typed_server()
    {
        await using var server = new ShapesServer(new Shapes(), "tcp://127.0.0.1:*");
        server.Start();
        using var req = new RequestSocket(server.Endpoint);

        Send(req, Utf8("Add"), Utf8("""{"a":20,"b":22}"""));
        var reply = Receive(req);

        reply.Select(Text).ShouldBe(new[] { "ok", "42" });
    }

    [Fact]
    public async Task A_plain_REP_socket_serves_a_typed_client_with_separate_reply_frames()
    {
        using var rep = new ResponseSocket();
        var port = rep.BindRandomPort("tcp://127.0.0.1");
        await using var client = new ShapesClient($"tcp://127.0.0.1:{port}");

        var call = client.MoveAsync(new Point(1, 2), 3, 4);
        var request = Receive(rep);
        request.ShouldBe(new[] { Compact("Move", """{"point":{"x":1,"y":2,"label":null},"dx":3,"dy":4}""") });
        Send(rep, Utf8("ok"), Utf8("""{"x":4,"y":6,"label":"moved"}"""));

        (await call.Within()).ShouldBe(new Point(4, 6, "moved"));
    }

    [Fact]
    public async Task A_typed_client_reads_an_error_reply_from_a_plain_REP_socket()
    {
        using var rep = new ResponseSocket();
        var port = rep.BindRandomPort("tcp://127.0.0.1");
        await using var client = new ShapesClient($"tcp://127.0.0.1:{port}");

        var call = client.AddAsync(1, 2).AsTask();
        Receive(rep);
        Send(rep, Utf8("error"), Utf8("""{"code":"busy","message":"try later"}"""));

        var error = await Should.ThrowAsync<RemoteException>(call.Within());
        error.Code.ShouldBe("busy");
        error.Message.ShouldBe("try later");
    }

    [Fact]
    public async Task A_malformed_reply_is_a_bad_reply_error_not_a_hang()
    {
        using var rep = new ResponseSocket();
        var port = rep.BindRandomPort("tcp://127.0.0.1");
        await using var client = new ShapesClient($"tcp://127.0.0.1:{port}");

        var call = client.AddAsync(1, 2).AsTask();
        Receive(rep);
        Send(rep, Utf8("ok"), Utf8("not json"));

        (await Should.ThrowAsync<RemoteException>(call.Within())).Code.ShouldBe(ErrorCodes.BadReply);
    }

    [Fact]
    public async Task Bare_framing_sends_exactly_one_frame_each_way()
    {
        await using var server = new EchoServer(new Echo(), "tcp://127.0.0.1:*");
        server.Start();
        using var req = new RequestSocket(server.Endpoint);

        Send(req, Utf8("hello"));
        Receive(req).Select(Text).ShouldBe(new[] { "echo:hello" });

        using var rep = new ResponseSocket();
        var port = rep.BindRandomPort("tcp://127.0.0.1");
        await using var client = new EchoClient($"tcp://127.0.0.1:{port}");
        var call = client.EchoAsync("hi");
        Receive(rep).Select(Text).ShouldBe(new[] { "hi" });
        Send(rep, Utf8("world!"));
        (await call.Within()).ShouldBe("world!");
    }

    [Fact]
    public async Task Bare_framing_round_trips_bytes_and_errors_between_generated_stubs()
    {
        var address = Transports.BindAddress("inproc");
        await using var server = new EchoServer(new Echo(), address);
        server.Start();
        await using var client = new EchoClient(server.Endpoint);
        (await client.EchoAsync("x").Within()).ShouldBe("echo:x");
        (await Should.ThrowAsync<RemoteException>(client.EchoAsync("fail").Within())).Code.ShouldBe("refused");

        await using var blobServer = new BlobServer(new Echo(), Transports.BindAddress("inproc"));
        blobServer.Start();
        await using var blobClient = new BlobClient(blobServer.Endpoint);
        (await blobClient.ReverseAsync(new byte[] { 1, 2, 3 }).Within()).ShouldBe(new byte[] { 3, 2, 1 });
    }
}
