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

        // A reply of about 12 KB, in one frame each way, and multi-byte characters throughout.
        var large = string.Concat(Enumerable.Range(0, 4000).Select(i => (char)('a' + i % 26) + "é"));
        (await client.GreetAsync(large)).ShouldBe("hello " + large);
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

    [Fact]
    public async Task Many_concurrent_calls_to_a_python_server_probe_for_batches_once_and_then_go_alone()
    {
        using var peer = Programs.PythonScript("calculator_peer.py", new[] { "tcp://127.0.0.1:*" });
        var endpoint = Programs.EndpointIn(await peer.WaitForLineAsync(l => l.StartsWith("BOUND "), Programs.Wait));
        await using var client = new CalculatorClient(endpoint, new ClientOptions { CallTimeout = TimeSpan.FromSeconds(20), RunContinuationsInline = true });

        // Calls started by code resumed on the client's socket thread are queued together, so the client packs them into a
        // probe batch (docs/protocol.md 2.7). The REP peer answers it unknown_operation; the client resends them alone.
        var burst = await BurstFromTheSocketThread(client, 40).WaitAsync(Programs.Wait);
        await Task.Yield();
        (await Task.WhenAll(burst).WaitAsync(Programs.Wait)).ShouldBe(Enumerable.Range(0, 40).Select(i => i + 1000));
        var concurrent = Enumerable.Range(0, 200).Select(i => Task.Run(async () => await client.AddAsync(i, 2000))).ToArray();
        (await Task.WhenAll(concurrent).WaitAsync(Programs.Wait)).ShouldBe(Enumerable.Range(0, 200).Select(i => i + 2000));

        await peer.WaitForLineAsync(l => l == "request ~2 batch compact", Programs.Wait);
        peer.Lines.Count(l => l.StartsWith("request ~2 batch", StringComparison.Ordinal)).ShouldBe(1, "one probe, then every call alone");
    }

    private static async Task<Task<int>[]> BurstFromTheSocketThread(CalculatorClient client, int count)
    {
        for (var attempt = 1; ; attempt++)
        {
            // A warm-up answered before it is awaited resumes here rather than on the socket thread: try again.
            await client.AddAsync(0, 0).ConfigureAwait(false);
            if ((Thread.CurrentThread.Name ?? "").StartsWith("ZeroContracts client", StringComparison.Ordinal)) break;
            attempt.ShouldBeLessThan(50, "no warm-up call resumed on the client's socket thread");
        }

        return Enumerable.Range(0, count).Select(i => client.AddAsync(i, 1000)).ToArray();
    }
}
