using ZeroContracts.Runtime.Tests.Contracts;
using ZeroContracts.Runtime.Tests.Support;

namespace ZeroContracts.Runtime.Tests;

/// <summary>The cases of gRPC's interop suite, over our wire: sizes, errors, deadlines and load.</summary>
public sealed class ConformanceTests
{
    [Fact]
    public async Task Empty_request_and_empty_reply()
    {
        await using var server = new ShapesServer(new Shapes(), "tcp://127.0.0.1:*");
        server.Start();
        await using var client = new ShapesClient(server.Endpoint);

        await client.NoArgsAsync().Within();
        (await client.EchoBytesAsync(Array.Empty<byte>()).Within()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_271828_byte_request_answered_by_a_314159_byte_reply()
    {
        await using var server = new ShapesServer(new Shapes(), "tcp://127.0.0.1:*");
        server.Start();
        await using var client = new ShapesClient(server.Endpoint);
        var request = new byte[271_828];
        new Random(271828).NextBytes(request);

        var reply = await client.ResizeAsync(request, 314_159).Within();

        reply.Length.ShouldBe(314_159);
        reply.Select((b, i) => b == (byte)(request[i % request.Length] ^ i)).ShouldAllBe(ok => ok);
    }

    [Fact]
    public async Task A_1_ms_timeout_against_a_sleeping_server_is_a_timeout_and_the_server_is_not_harmed()
    {
        var service = new Shapes();
        await using var server = new ShapesServer(service, "tcp://127.0.0.1:*");
        server.Start();
        await using var hasty = new ShapesClient(server.Endpoint, new ClientOptions { CallTimeout = TimeSpan.FromMilliseconds(1) });
        await using var patient = new ShapesClient(server.Endpoint);

        var error = await Should.ThrowAsync<Exception>(hasty.SlowAsync(2_000, CancellationToken.None).Within());

        error.ShouldBeOfType<TimeoutException>();
        (await patient.EchoStringAsync("unharmed").Within()).ShouldBe("unharmed");
    }

    [Fact]
    public async Task Thousand_concurrent_large_calls()
    {
        await using var server = new ShapesServer(new Shapes(), "tcp://127.0.0.1:*");
        server.Start();
        await using var client = new ShapesClient(server.Endpoint);
        var payloads = Enumerable.Range(0, 1000).Select(i =>
        {
            var bytes = new byte[16 * 1024];
            new Random(i).NextBytes(bytes);
            return bytes;
        }).ToList();

        var replies = await Task.WhenAll(payloads.Select(p => client.EchoBytesAsync(p))).Within();

        for (var i = 0; i < payloads.Count; i++) replies[i].ShouldBe(payloads[i]);
    }
}
