using ZeroContracts.Interop.Tests.Contracts;
using ZeroContracts.Interop.Tests.Support;

namespace ZeroContracts.Interop.Tests;

/// <summary>A generated client calls a Python (libzmq) server written from docs/protocol.md.</summary>
public sealed class PythonServerTests
{
    [Fact]
    public async Task A_generated_client_calls_every_kind_of_operation_on_a_python_server()
    {
        using var peer = Programs.PythonScript("calculator_peer.py", new[] { "tcp://127.0.0.1:*" });
        var endpoint = Programs.EndpointIn(await peer.WaitForLineAsync(l => l.StartsWith("BOUND "), Programs.Wait));
        await using var client = new CalculatorClient(endpoint, new ClientOptions { CallTimeout = TimeSpan.FromSeconds(20) });

        (await client.AddAsync(40, 2)).ShouldBe(42);
        (await client.GreetAsync("世界")).ShouldBe("hello 世界");
        (await client.CentroidAsync(new[] { new Point2(0, 0), new Point2(2, 4) })).ShouldBe(new Point2(1, 2));
        (await client.DivideAsync(1, 4)).ShouldBe(0.25);
        await client.ClearAsync();

        var error = await Should.ThrowAsync<RemoteException>(client.DivideAsync(1, 0).AsTask());
        error.Code.ShouldBe("division_by_zero");
        error.Message.ShouldBe("cannot divide by zero");
        (await Should.ThrowAsync<RemoteException>(client.MissingAsync())).Code.ShouldBe("unknown_operation");

        // Requests with a body come in the compact form ([header 0xFF body]); one without is the header alone.
        await peer.WaitForLineAsync(l => l == "request Add compact", Programs.Wait);
        await peer.WaitForLineAsync(l => l == "request Clear", Programs.Wait);
        await peer.WaitForLineAsync(l => l == "request Missing", Programs.Wait);
    }
}
