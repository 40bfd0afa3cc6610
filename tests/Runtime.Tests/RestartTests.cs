using ZeroContracts.Runtime.Tests.Contracts;
using ZeroContracts.Runtime.Tests.Support;

namespace ZeroContracts.Runtime.Tests;

/// <summary>A client outlives its server: calls time out while it is gone and succeed once it is back.</summary>
public sealed class RestartTests
{
    [Theory]
    [InlineData("tcp")]
    [InlineData("ipc")]
    public async Task A_client_whose_server_restarts_succeeds_on_its_next_call(string transport)
    {
        var first = new ShapesServer(new Shapes(), Transports.BindAddress(transport));
        first.Start();
        var endpoint = first.Endpoint;
        await using var client = new ShapesClient(endpoint, new ClientOptions { CallTimeout = TimeSpan.FromSeconds(2) });
        (await client.AddAsync(1, 1).Within()).ShouldBe(2);

        first.Dispose();
        await Should.ThrowAsync<TimeoutException>(client.AddAsync(2, 2).Within());

        await using var second = new ShapesServer(new Shapes(), endpoint);
        second.Start();
        await using var patient = new ShapesClient(endpoint, new ClientOptions { CallTimeout = TimeSpan.FromSeconds(10) });
        (await patient.AddAsync(0, 0).Within()).ShouldBe(0);

        // The first client reconnects by itself (NetMQ retries every 100 ms); its next call goes through.
        (await client.AddAsync(3, 3).Within()).ShouldBe(6);
    }
}
