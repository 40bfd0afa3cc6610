using ZeroContracts.Security.Tests.Support;

namespace ZeroContracts.Security.Tests.Curve;

/// <summary>Generated CURVE types against libzmq's CURVE (pyzmq), each side speaking docs/protocol.md section 2.</summary>
public sealed class CurvePyzmqInteropTests
{
    [Fact]
    public async Task A_pyzmq_curve_client_calls_a_generated_curve_server_with_an_allow_list()
    {
        var serverKeys = CurveKeyPair.Generate();
        var allowed = CurveKeyPair.Generate();
        var greeter = new Greeter();
        await using var server = new GreeterServer(greeter, "tcp://127.0.0.1:*", new ServerOptions
        {
            CurveServer = new CurveServerOptions(serverKeys) { AllowedClientKeys = new[] { allowed.PublicKey } },
        });
        server.Start();

        using (var peer = LibzmqPeer.Start("call", server.Endpoint, serverKeys.PublicKey, allowed.SecretKey, "8000", "Hello", "pyzmq"))
        {
            (await peer.WaitForLineAsync(l => l.StartsWith("reply ") || l == "no-reply", Keys.Wait)).ShouldBe("reply ok hello pyzmq");
        }

        using (var stranger = LibzmqPeer.Start("call", server.Endpoint, serverKeys.PublicKey, CurveKeyPair.Generate().SecretKey, "1500", "Hello", "stranger"))
        {
            (await stranger.WaitForLineAsync(l => l.StartsWith("reply ") || l == "no-reply", Keys.Wait)).ShouldBe("no-reply");
        }

        greeter.Calls.ShouldBe(1);
    }

    [Fact]
    public async Task A_generated_curve_client_calls_a_pyzmq_curve_server()
    {
        using var peer = LibzmqPeer.Start("serve", "8000");
        var endpoint = LibzmqPeer.Value(await peer.WaitForLineAsync(l => l.StartsWith("endpoint "), Keys.Wait));
        var serverKey = LibzmqPeer.Value(await peer.WaitForLineAsync(l => l.StartsWith("server-public "), Keys.Wait));

        await using var client = new GreeterClient(endpoint, new ClientOptions { CurveClient = new CurveClientOptions(serverKey), CallTimeout = Keys.Wait });
        (await client.HelloAsync("dotnet").WaitAsync(Keys.Wait)).ShouldBe("hello dotnet");
        await peer.WaitForLineAsync(l => l == "done", Keys.Wait);
        peer.Lines.ShouldContain("request Hello dotnet");
        peer.Lines.ShouldContain("form compact");
    }

    [Fact]
    public async Task A_generated_client_with_the_wrong_key_gets_a_clear_error_from_a_pyzmq_server()
    {
        using var peer = LibzmqPeer.Start("serve", "4000");
        var endpoint = LibzmqPeer.Value(await peer.WaitForLineAsync(l => l.StartsWith("endpoint "), Keys.Wait));

        await using var client = new GreeterClient(endpoint, new ClientOptions
        {
            CurveClient = new CurveClientOptions(CurveKeyPair.Generate().PublicKey),
            CallTimeout = TimeSpan.FromSeconds(1.5),
        });
        var error = await Should.ThrowAsync<TimeoutException>(client.HelloAsync("x").WaitAsync(Keys.Wait));
        error.Message.ShouldContain($"The CURVE handshake with {endpoint} did not complete");
    }
}
