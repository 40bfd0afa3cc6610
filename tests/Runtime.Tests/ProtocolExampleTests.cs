using NetMQ.Sockets;
using ZeroContracts.Runtime.Tests.Contracts;
using ZeroContracts.Runtime.Tests.Support;
using static ZeroContracts.Runtime.Tests.Support.RawPeer;

namespace ZeroContracts.Runtime.Tests;

/// <summary>The byte-exact examples of docs/protocol.md 2.6 and 2.7, sent by hand to a generated server and taken by hand from a generated client.</summary>
public sealed class ProtocolExampleTests
{
    public static TheoryData<string, string?, string, string?> Examples => new()
    {
        // header, request body (null = none), reply status, reply body (null = none)
        { "GetForecast", """{"city":"Oslo","days":3}""", "ok", """{"city":"Oslo","days":[1,2,3]}""" },
        { "Reset", null, "ok", null },
        { "ping", "42", "ok", "42" },
        { "Echo", "hi", "ok", "hi" },
        { "Echo", "", "ok", "" },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task The_server_answers_each_documented_separate_request_with_the_documented_separate_reply(string header, string? body, string status, string? replyBody)
    {
        await using var server = new DocWeatherServer(new DocWeather(), "tcp://127.0.0.1:*");
        server.Start();
        using var dealer = new DealerSocket(server.Endpoint);
        var request = new List<byte[]> { new byte[] { 0, 0, 0, 7 }, Array.Empty<byte>(), Utf8(header) };
        if (body is not null) request.Add(Utf8(body));

        Send(dealer, request.ToArray());
        var reply = Receive(dealer);

        var expected = new List<byte[]> { new byte[] { 0, 0, 0, 7 }, Array.Empty<byte>(), Utf8(status) };
        if (replyBody is not null) expected.Add(Utf8(replyBody));
        reply.ShouldBe(expected);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task The_server_answers_each_documented_compact_request_with_the_documented_compact_reply(string header, string? body, string status, string? replyBody)
    {
        await using var server = new DocWeatherServer(new DocWeather(), "tcp://127.0.0.1:*");
        server.Start();
        using var dealer = new DealerSocket(server.Endpoint);

        Send(dealer, new byte[] { 0, 0, 0, 7 }, Array.Empty<byte>(), CompactOrHead(header, body));
        var reply = Receive(dealer);

        // Reset has no body either way, so its request and reply are the same frames in both forms.
        reply.ShouldBe(new[] { new byte[] { 0, 0, 0, 7 }, Array.Empty<byte>(), CompactOrHead(status, replyBody) });
    }

    [Fact]
    public async Task The_server_answers_the_documented_batch_with_the_documented_reply_batch()
    {
        // Handlers run inline, so both replies are ready together and travel in one reply batch, in entry order.
        await using var server = new DocWeatherServer(new DocWeather(), "tcp://127.0.0.1:*", new ServerOptions { RunHandlersInline = true });
        server.Start();
        using var dealer = new DealerSocket(server.Endpoint);
        byte[] batch = [.. "~2 batch"u8, 0xFF, 0, 0, 0, 7, 0, 0, 0, 7, .. "ping"u8, 0xFF, .. "42"u8, 0, 0, 0, 8, 0, 0, 0, 7, .. "Echo"u8, 0xFF, .. "hi"u8];

        Send(dealer, new byte[] { 0, 0, 0, 9 }, Array.Empty<byte>(), batch);

        byte[] replyBatch = [.. "~2 batch"u8, 0xFF, 0, 0, 0, 7, 0, 0, 0, 5, .. "ok"u8, 0xFF, .. "42"u8, 0, 0, 0, 8, 0, 0, 0, 5, .. "ok"u8, 0xFF, .. "hi"u8];
        Receive(dealer).ShouldBe(new[] { new byte[] { 0, 0, 0, 9 }, Array.Empty<byte>(), replyBatch });
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task The_client_sends_each_documented_request_in_the_compact_form(string header, string? body, string status, string? replyBody)
    {
        using var router = new RouterSocket();
        var port = router.BindRandomPort("tcp://127.0.0.1");
        await using var client = new DocWeatherClient($"tcp://127.0.0.1:{port}");

        Task call = header switch
        {
            "GetForecast" => client.GetForecastAsync("Oslo", 3),
            "Reset" => client.ResetAsync(),
            "ping" => client.PingAsync(42).AsTask(),
            _ => client.EchoAsync(body!),
        };
        var received = Receive(router);

        // [routing id] [request id] [] [header 0xFF body] or, without a body, [header]
        received.Count.ShouldBe(4);
        received[1].Length.ShouldBe(4);
        received[2].ShouldBeEmpty();
        received[3].ShouldBe(CompactOrHead(header, body));

        Send(router, received[0], received[1], Array.Empty<byte>(), CompactOrHead(status, replyBody));
        await call.Within();
    }
}
