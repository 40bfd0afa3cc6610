using ZeroContracts.Interop.Tests.Support;

namespace ZeroContracts.Interop.Tests;

/// <summary>The HelloWorld sample, alone and against the seed document's unmodified server.py and client.py (libzmq).</summary>
public sealed class HelloWorldTests
{
    private static readonly string[] NineRequests = Enumerable.Range(1, 9).Select(n => $"received request. message:hello; count:{n}").ToArray();
    private static readonly string[] NineResponses = Enumerable.Repeat("received response. message:world!", 9).ToArray();

    [Fact]
    public async Task The_demo_runs_server_and_client_in_one_process()
    {
        using var demo = Programs.Sample("HelloWorld", "both", "--delay-ms", "1");

        (await demo.WaitForExitAsync(Programs.Wait)).ShouldBe(0, demo.Errors);

        demo.Lines.Where(l => l.StartsWith("received request.")).ShouldBe(NineRequests);
        demo.Lines.Where(l => l.StartsWith("received response.")).ShouldBe(NineResponses);
    }

    [Fact]
    public async Task The_seed_client_py_talks_to_the_typed_server()
    {
        using var server = Programs.Sample("HelloWorld", "server", "tcp://127.0.0.1:*", "--delay-ms", "1");
        var endpoint = Programs.EndpointIn(await server.WaitForLineAsync(l => l.StartsWith("zmq server start"), Programs.Wait));

        using var client = Programs.SeedScript("client.py", endpoint);

        (await client.WaitForExitAsync(Programs.Wait)).ShouldBe(0, client.Errors);
        client.Lines.ShouldBe(new[] { "zmq client start...." }.Concat(NineResponses));
        await server.WaitForLineAsync(l => l == NineRequests[^1], Programs.Wait);
        server.Lines.Where(l => l.StartsWith("received request.")).ShouldBe(NineRequests);
    }

    [Fact]
    public async Task The_typed_client_talks_to_the_seed_server_py()
    {
        using var server = Programs.SeedScript("server.py", "tcp://127.0.0.1:*", sleepSeconds: "0.01");
        var endpoint = (await server.WaitForLineAsync(l => l.StartsWith("ZC_BOUND "), Programs.Wait)).Substring("ZC_BOUND ".Length);

        using var client = Programs.Sample("HelloWorld", "client", endpoint);

        (await client.WaitForExitAsync(Programs.Wait)).ShouldBe(0, client.Errors);
        client.Lines.Where(l => l.StartsWith("received response.")).ShouldBe(NineResponses);
        await server.WaitForLineAsync(l => l == NineRequests[^1], Programs.Wait);
        server.Lines.Where(l => l.StartsWith("received request.")).ShouldBe(NineRequests);
    }
}
