using CsCheck;
using NetMQ.Sockets;
using ZeroContracts.Runtime.Tests.Contracts;
using ZeroContracts.Runtime.Tests.Support;
using static ZeroContracts.Runtime.Tests.Support.RawPeer;

namespace ZeroContracts.Runtime.Tests;

/// <summary>
/// The compact form of a request and a reply, [header 0xFF body] and [status 0xFF body] (docs/protocol.md 2.2, 2.3),
/// next to the separate form that REQ and REP peers send.
/// </summary>
public sealed class CompactFormTests
{
    [Fact]
    public async Task The_server_answers_each_request_in_the_form_it_came_in()
    {
        await using var server = new ShapesServer(new Shapes(), "tcp://127.0.0.1:*");
        server.Start();
        using var dealer = new DealerSocket(server.Endpoint);

        Send(dealer, RequestId(1), Array.Empty<byte>(), Compact("Add", """{"a":1,"b":2}"""));
        Receive(dealer).ShouldBe(new[] { RequestId(1), Array.Empty<byte>(), Compact("ok", "3") });

        Send(dealer, RequestId(2), Array.Empty<byte>(), Utf8("Add"), Utf8("""{"a":2,"b":2}"""));
        Receive(dealer).ShouldBe(new[] { RequestId(2), Array.Empty<byte>(), Utf8("ok"), Utf8("4") });
    }

    [Fact]
    public async Task The_server_tells_an_empty_compact_body_from_an_absent_one()
    {
        await using var server = new ShapesServer(new Shapes(), "tcp://127.0.0.1:*");
        server.Start();
        using var dealer = new DealerSocket(server.Endpoint);

        // An empty string travels as a present, empty body; null as no body at all.
        Send(dealer, RequestId(1), Array.Empty<byte>(), Compact("EchoString", ""));
        Receive(dealer).ShouldBe(new[] { RequestId(1), Array.Empty<byte>(), Compact("ok", "") });

        Send(dealer, RequestId(2), Array.Empty<byte>(), Utf8("EchoString"));
        Receive(dealer).ShouldBe(new[] { RequestId(2), Array.Empty<byte>(), Utf8("ok") });
    }

    [Fact]
    public async Task The_client_sends_an_empty_string_as_an_empty_compact_body_and_null_as_none()
    {
        using var router = new RouterSocket();
        var port = router.BindRandomPort("tcp://127.0.0.1");
        await using var client = new ShapesClient($"tcp://127.0.0.1:{port}");

        var empty = client.EchoStringAsync("");
        var request = Receive(router);
        request.Skip(1).ShouldBe(new[] { request[1], Array.Empty<byte>(), Compact("EchoString", "") });
        Send(router, request[0], request[1], Array.Empty<byte>(), Compact("ok", ""));
        (await empty.Within()).ShouldBe("");

        var absent = client.EchoStringAsync(null);
        request = Receive(router);
        request.Skip(1).ShouldBe(new[] { request[1], Array.Empty<byte>(), Utf8("EchoString") });
        Send(router, request[0], request[1], Array.Empty<byte>(), Utf8("ok"));
        (await absent.Within()).ShouldBeNull();
    }

    [Fact]
    public async Task Empty_and_absent_strings_round_trip_between_generated_stubs()
    {
        await using var server = new ShapesServer(new Shapes(), Transports.BindAddress("inproc"));
        server.Start();
        await using var client = new ShapesClient(server.Endpoint);

        (await client.EchoStringAsync("").Within()).ShouldBe("");
        (await client.EchoStringAsync(null).Within()).ShouldBeNull();
        (await client.EchoBytesAsync(Array.Empty<byte>()).Within()).ShouldBeEmpty();
        (await client.EchoBytesAsync(new byte[] { 0xFF, 0, 0xFF }).Within()).ShouldBe(new byte[] { 0xFF, 0, 0xFF });
    }

    [Fact]
    public async Task A_compact_reply_followed_by_another_frame_is_a_bad_reply()
    {
        using var router = new RouterSocket();
        var port = router.BindRandomPort("tcp://127.0.0.1");
        await using var client = new ShapesClient($"tcp://127.0.0.1:{port}");

        var call = client.AddAsync(1, 2).AsTask();
        var request = Receive(router);
        Send(router, request[0], request[1], Array.Empty<byte>(), Compact("ok", "3"), Utf8("3"));

        (await Should.ThrowAsync<RemoteException>(call.Within())).Code.ShouldBe(ErrorCodes.BadReply);
    }

    [Fact]
    public async Task Garbage_after_the_marker_of_a_reply_fails_only_that_call()
    {
        using var router = new RouterSocket();
        var port = router.BindRandomPort("tcp://127.0.0.1");
        await using var client = new ShapesClient($"tcp://127.0.0.1:{port}");
        var reply = Gen.Select(Gen.OneOf<string>("ok", "error"), Gen.Byte.Array[0, 30], Compact);

        foreach (var (garbage, index) in reply.Array[24].Single().Select((g, i) => (g, i)))
        {
            // One at a time, so that the two are never sent together in a batch (docs/protocol.md 2.7).
            var hit = client.AddAsync(index, 1).AsTask();
            var first = Receive(router);
            var bystander = client.AddAsync(index, 2).AsTask();
            var second = Receive(router);

            Send(router, first[0], first[1], Array.Empty<byte>(), garbage);
            Send(router, second[0], second[1], Array.Empty<byte>(), Compact("ok", (index + 2).ToString()));

            (await bystander.Within()).ShouldBe(index + 2);
            try
            {
                await hit.Within();
            }
            catch (RemoteException)
            {
                // The expected outcome for most garbage; bytes that happen to be a number decode, which is fine too.
            }
        }
    }
}
