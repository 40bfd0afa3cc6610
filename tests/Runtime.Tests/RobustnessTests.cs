using CsCheck;
using NetMQ;
using NetMQ.Sockets;
using ZeroContracts.Runtime.Tests.Contracts;
using ZeroContracts.Runtime.Tests.Support;
using static ZeroContracts.Runtime.Tests.Support.RawPeer;

namespace ZeroContracts.Runtime.Tests;

/// <summary>Nothing a client sends stops the server: garbage is answered or dropped, and real calls still work.</summary>
public sealed class RobustnessTests
{
    public static TheoryData<string, string, string> BadRequests => new()
    {
        // operation header, body, expected error code
        { "Add", "not json", ErrorCodes.BadRequest },
        { "Add", """{"a":"text","b":1}""", ErrorCodes.BadRequest },
        { "Add", "[1,2]", ErrorCodes.BadRequest },
        { "Move", """{"point":5}""", ErrorCodes.BadRequest },
        { "Describe", """{"text":"t","data":"***"}""", ErrorCodes.BadRequest },
        { "Nope", "", ErrorCodes.UnknownOperation },
        { "bad name!", "", ErrorCodes.BadRequest },
        { "~2 Add", "", ErrorCodes.UnsupportedVersion },
        { "", "", ErrorCodes.BadRequest },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_bad_request_gets_a_typed_error_reply(string header, string body, string code)
    {
        await using var server = new ShapesServer(new Shapes(), "tcp://127.0.0.1:*");
        server.Start();
        using var dealer = new DealerSocket(server.Endpoint);

        Send(dealer, RequestId(9), Array.Empty<byte>(), Utf8(header), Utf8(body));
        var reply = Receive(dealer);

        reply.Count.ShouldBe(4);
        reply[0].ShouldBe(RequestId(9));
        reply[1].ShouldBeEmpty();
        Text(reply[2]).ShouldBe("error");
        Text(reply[3]).ShouldContain($"\"code\":\"{code}\"");
    }

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_bad_compact_request_gets_a_typed_error_reply_in_the_compact_form(string header, string body, string code)
    {
        await using var server = new ShapesServer(new Shapes(), "tcp://127.0.0.1:*");
        server.Start();
        using var dealer = new DealerSocket(server.Endpoint);

        Send(dealer, RequestId(9), Array.Empty<byte>(), Compact(header, body));
        var reply = Receive(dealer);

        reply.Count.ShouldBe(3);
        reply[0].ShouldBe(RequestId(9));
        reply[1].ShouldBeEmpty();
        var (status, error) = SplitCompact(reply[2]);
        status.ShouldBe("error");
        error.ShouldContain($"\"code\":\"{code}\"");
    }

    [Fact]
    public async Task A_compact_request_followed_by_another_frame_is_a_bad_request()
    {
        await using var server = new ShapesServer(new Shapes(), "tcp://127.0.0.1:*");
        server.Start();
        using var dealer = new DealerSocket(server.Endpoint);

        Send(dealer, RequestId(4), Array.Empty<byte>(), Compact("Add", """{"a":1,"b":2}"""), Utf8("""{"a":1,"b":2}"""));
        var reply = Receive(dealer);

        reply.Count.ShouldBe(3);
        var (status, error) = SplitCompact(reply[2]);
        status.ShouldBe("error");
        error.ShouldContain($"\"code\":\"{ErrorCodes.BadRequest}\"");
        error.ShouldContain("compact request");
    }

    [Fact]
    public async Task A_versioned_header_in_the_compact_form_is_accepted()
    {
        await using var server = new ShapesServer(new Shapes(), "tcp://127.0.0.1:*");
        server.Start();
        using var dealer = new DealerSocket(server.Endpoint);

        Send(dealer, RequestId(1), Array.Empty<byte>(), Compact("~1 Add", """{"a":1,"b":2}"""));

        Receive(dealer).ShouldBe(new[] { RequestId(1), Array.Empty<byte>(), Compact("ok", "3") });
    }

    [Fact]
    public async Task A_versioned_header_for_version_1_is_accepted()
    {
        await using var server = new ShapesServer(new Shapes(), "tcp://127.0.0.1:*");
        server.Start();
        using var dealer = new DealerSocket(server.Endpoint);

        Send(dealer, RequestId(1), Array.Empty<byte>(), Utf8("~1 Add"), Utf8("""{"a":1,"b":2}"""));

        Receive(dealer).Skip(2).Select(Text).ShouldBe(new[] { "ok", "3" });
    }

    [Fact]
    public async Task A_string_body_that_is_not_UTF8_is_a_bad_request()
    {
        await using var server = new ShapesServer(new Shapes(), "tcp://127.0.0.1:*");
        server.Start();
        using var dealer = new DealerSocket(server.Endpoint);

        Send(dealer, RequestId(3), Array.Empty<byte>(), Utf8("EchoString"), new byte[] { 0xFF, 0xFE, 0xC0 });

        Text(Receive(dealer)[3]).ShouldContain(ErrorCodes.BadRequest);
    }

    [Fact]
    public async Task Too_many_body_frames_is_a_bad_request()
    {
        await using var server = new ShapesServer(new Shapes(), "tcp://127.0.0.1:*");
        server.Start();
        using var dealer = new DealerSocket(server.Endpoint);

        Send(dealer, RequestId(2), Array.Empty<byte>(), Utf8("Add"), Utf8("{}"), Utf8("{}"));

        Text(Receive(dealer)[3]).ShouldContain(ErrorCodes.BadRequest);
    }

    [Fact]
    public async Task Raw_garbage_from_a_plain_socket_is_survived()
    {
        var events = 0;
        await using var server = new ShapesServer(new Shapes(), "tcp://127.0.0.1:*", new ServerOptions { OnEvent = _ => Interlocked.Increment(ref events) });
        server.Start();
        using var dealer = new DealerSocket(server.Endpoint);
        Send(dealer, Utf8("no delimiter at all"));
        Send(dealer, new byte[300], Array.Empty<byte>(), Utf8("Add"));                 // envelope frame too large
        Send(dealer, Enumerable.Range(0, 40).Select(i => new byte[] { (byte)i }).ToArray()); // too many frames, no delimiter
        Send(dealer, Array.Empty<byte>());                                               // a lone delimiter
        Send(dealer, new byte[] { 0xFF, 0xFE }, Array.Empty<byte>(), new byte[] { 0xC0, 0x80 }, new byte[] { 0 });
        Send(dealer, Enumerable.Repeat(Array.Empty<byte>(), 30).ToArray());

        // One connection delivers in order: once this is answered, all the garbage before it was handled.
        Send(dealer, RequestId(5), Array.Empty<byte>(), Utf8("Add"), Utf8("""{"a":1,"b":1}"""));
        List<byte[]> reply;
        do reply = Receive(dealer);
        while (reply[0].Length != 4 || !reply[0].SequenceEqual(RequestId(5)));
        Text(reply[^1]).ShouldBe("2");

        await using var client = new ShapesClient(server.Endpoint);
        (await client.AddAsync(40, 2).Within()).ShouldBe(42);
        Volatile.Read(ref events).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Random_multipart_messages_never_stop_the_server()
    {
        await using var server = new ShapesServer(new Shapes(), "tcp://127.0.0.1:*");
        server.Start();
        using var dealer = new DealerSocket(server.Endpoint);
        var operations = new[] { "Add", "Move", "EchoString", "EchoBytes", "Line", "Describe", "WithDefault", "echo.int", "Nope", "~1 Add", "~9 x" };

        // Frames that are sometimes well formed, so the decoders past the envelope are reached too.
        var frame = Gen.OneOf(
            Gen.Byte.Array[0, 40],
            Gen.Const(Array.Empty<byte>()),
            Gen.OneOf<string>(operations).Select(Utf8),
            Gen.Select(Gen.OneOf<string>(operations), Gen.Byte.Array[0, 20], Compact),
            Gen.OneOf<string>("{}", "null", """{"a":1,"b":2}""", """{"point":{"x":1}}""", "[", "\"\\u0000\"", "1e999").Select(Utf8));
        var message = frame.Array[1, 6];

        message.Sample(frames => Send(dealer, frames), iter: 400, threads: 1);

        await using var client = new ShapesClient(server.Endpoint);
        (await client.AddAsync(1, 1).Within()).ShouldBe(2);
        (await client.EchoStringAsync("still alive").Within()).ShouldBe("still alive");
    }

    [Fact]
    public async Task A_message_over_the_server_limit_drops_that_peer_only()
    {
        await using var server = new ShapesServer(new Shapes(), "tcp://127.0.0.1:*", new ServerOptions { MaxMessageSize = 10_000 });
        server.Start();
        await using var greedy = new ShapesClient(server.Endpoint, new ClientOptions { CallTimeout = TimeSpan.FromMilliseconds(500) });
        await using var polite = new ShapesClient(server.Endpoint);

        await Should.ThrowAsync<TimeoutException>(greedy.EchoBytesAsync(new byte[50_000]).Within());

        (await polite.AddAsync(2, 3).Within()).ShouldBe(5);
    }

    [Fact]
    public async Task A_client_that_vanishes_mid_call_does_not_harm_the_server()
    {
        var service = new Shapes();
        await using var server = new ShapesServer(service, "tcp://127.0.0.1:*");
        server.Start();
        var leaving = new ShapesClient(server.Endpoint);
        var abandoned = leaving.SlowAsync(200, CancellationToken.None);
        await service.SlowStarted.Task.Within();
        leaving.Dispose();
        await Should.ThrowAsync<ObjectDisposedException>(abandoned.Within());

        await using var client = new ShapesClient(server.Endpoint);
        (await client.AddAsync(1, 2).Within()).ShouldBe(3);
    }
}
