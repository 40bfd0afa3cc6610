using System.Text;
using ZeroContracts.Security.Tests.Support;

namespace ZeroContracts.Security.Tests.Curve;

/// <summary>CURVE on a generated request/reply server and client, through their options only.</summary>
public sealed class CurveReqRepTests
{
    private static readonly TimeSpan ShortCall = TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task A_curve_client_calls_a_curve_server()
    {
        var serverKeys = CurveKeyPair.Generate();
        var greeter = new Greeter();
        await using var server = new GreeterServer(greeter, "tcp://127.0.0.1:*", new ServerOptions { CurveServer = new CurveServerOptions(serverKeys) });
        server.Start();
        await using var client = new GreeterClient(server.Endpoint, new ClientOptions { CurveClient = new CurveClientOptions(serverKeys.PublicKey), CallTimeout = Keys.Wait });

        (await client.HelloAsync("Oslo").WaitAsync(Keys.Wait)).ShouldBe("hello Oslo");
        var many = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => client.HelloAsync("n" + i))).WaitAsync(Keys.Wait);
        many.ShouldBe(Enumerable.Range(0, 50).Select(i => "hello n" + i));
        greeter.Calls.ShouldBe(51);
    }

    [Fact]
    public async Task A_burst_of_replies_larger_than_every_queue_loses_none()
    {
        var serverKeys = CurveKeyPair.Generate();
        // Queues of 10 while 3000 calls are in flight: every queue between the client and the handlers overflows many
        // times, and only the gateway's back-pressure (never a drop) keeps every reply.
        await using var server = new GreeterServer(new Greeter(), "tcp://127.0.0.1:*", new ServerOptions
        {
            CurveServer = new CurveServerOptions(serverKeys),
            SendHighWaterMark = 10,
            ReceiveHighWaterMark = 10,
        });
        server.Start();
        await using var client = new GreeterClient(server.Endpoint, new ClientOptions { CurveClient = new CurveClientOptions(serverKeys.PublicKey), CallTimeout = Keys.Wait });

        var replies = await Task.WhenAll(Enumerable.Range(0, 3000).Select(i => client.HelloAsync("b" + i))).WaitAsync(Keys.Wait);
        replies.ShouldBe(Enumerable.Range(0, 3000).Select(i => "hello b" + i));
    }

    [Fact]
    public async Task Connections_beyond_MaxConnections_are_closed_at_once_and_a_freed_slot_is_used_again()
    {
        var serverKeys = CurveKeyPair.Generate();
        var limited = new CurveServerOptions(serverKeys) { MaxConnections = 2 };
        await using var server = new GreeterServer(new Greeter(), "tcp://127.0.0.1:*", new ServerOptions { CurveServer = limited });
        server.Start();
        var address = new Uri(server.Endpoint);

        // Two silent peers hold both slots: each is sent the start of the server's greeting, so each was counted.
        var held = new List<System.Net.Sockets.TcpClient>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                var tcp = new System.Net.Sockets.TcpClient();
                held.Add(tcp);
                await tcp.ConnectAsync(address.Host, address.Port).WaitAsync(Keys.Wait);
                (await tcp.GetStream().ReadAsync(new byte[1]).AsTask().WaitAsync(Keys.Wait)).ShouldBe(1);
            }

            (await RawProbe.SendAsync(server.Endpoint, RawProbe.Http)).ShouldBeEmpty("a third connection is closed before the server says anything");
        }
        finally
        {
            foreach (var tcp in held) tcp.Dispose();
        }

        await using var client = new GreeterClient(server.Endpoint, new ClientOptions { CurveClient = new CurveClientOptions(serverKeys.PublicKey), CallTimeout = Keys.Wait });
        (await client.HelloAsync("again").WaitAsync(Keys.Wait)).ShouldBe("hello again");
    }

    [Fact]
    public async Task The_server_listens_on_tcp_itself_and_reports_the_real_port()
    {
        var serverKeys = CurveKeyPair.Generate();
        await using var server = new GreeterServer(new Greeter(), "tcp://127.0.0.1:*", new ServerOptions { CurveServer = new CurveServerOptions(serverKeys) });
        server.Endpoint.ShouldStartWith("tcp://127.0.0.1:");
        server.Endpoint.ShouldNotEndWith(":*");
        server.Endpoint.ShouldNotEndWith(":0");
    }

    [Fact]
    public async Task The_allow_list_lets_a_known_client_in_and_refuses_an_unknown_one()
    {
        var serverKeys = CurveKeyPair.Generate();
        var known = CurveKeyPair.Generate();
        var greeter = new Greeter();
        await using var server = new GreeterServer(greeter, "tcp://127.0.0.1:*", new ServerOptions
        {
            CurveServer = new CurveServerOptions(serverKeys) { AllowedClientKeys = new[] { known.PublicKey } },
        });
        server.Start();

        await using var stranger = new GreeterClient(server.Endpoint, new ClientOptions { CurveClient = new CurveClientOptions(serverKeys.PublicKey), CallTimeout = ShortCall });
        var refused = await Should.ThrowAsync<TimeoutException>(stranger.HelloAsync("stranger").WaitAsync(Keys.Wait));
        refused.Message.ShouldContain("CURVE handshake");
        refused.Message.ShouldContain("refused this client's key");

        await using var friend = new GreeterClient(server.Endpoint, new ClientOptions { CurveClient = new CurveClientOptions(serverKeys.PublicKey, known), CallTimeout = Keys.Wait });
        (await friend.HelloAsync("friend").WaitAsync(Keys.Wait)).ShouldBe("hello friend");
        greeter.Calls.ShouldBe(1);
    }

    [Fact]
    public async Task A_client_with_the_wrong_server_key_gets_a_clear_error_within_its_timeout()
    {
        var greeter = new Greeter();
        await using var server = new GreeterServer(greeter, "tcp://127.0.0.1:*", new ServerOptions { CurveServer = new CurveServerOptions(CurveKeyPair.Generate()) });
        server.Start();
        await using var client = new GreeterClient(server.Endpoint, new ClientOptions { CurveClient = new CurveClientOptions(CurveKeyPair.Generate().PublicKey), CallTimeout = ShortCall });

        var started = System.Diagnostics.Stopwatch.StartNew();
        var error = await Should.ThrowAsync<TimeoutException>(client.HelloAsync("x").WaitAsync(Keys.Wait));
        started.Elapsed.ShouldBeLessThan(Keys.Wait);
        error.Message.ShouldContain($"The CURVE handshake with {server.Endpoint} did not complete");
        greeter.Calls.ShouldBe(0);
    }

    [Fact]
    public async Task A_plaintext_client_cannot_talk_to_a_curve_server()
    {
        var serverKeys = CurveKeyPair.Generate();
        var greeter = new Greeter();
        await using var server = new GreeterServer(greeter, "tcp://127.0.0.1:*", new ServerOptions { CurveServer = new CurveServerOptions(serverKeys) });
        server.Start();

        await using var plain = new GreeterClient(server.Endpoint, new ClientOptions { CallTimeout = ShortCall });
        await Should.ThrowAsync<TimeoutException>(plain.HelloAsync("plain").WaitAsync(Keys.Wait));

        await using var secure = new GreeterClient(server.Endpoint, new ClientOptions { CurveClient = new CurveClientOptions(serverKeys.PublicKey), CallTimeout = Keys.Wait });
        (await secure.HelloAsync("secure").WaitAsync(Keys.Wait)).ShouldBe("hello secure");
        greeter.Calls.ShouldBe(1);
    }

    [Fact]
    public async Task A_curve_client_cannot_be_fooled_by_a_plaintext_server()
    {
        var greeter = new Greeter();
        await using var plain = new GreeterServer(greeter, "tcp://127.0.0.1:*");
        plain.Start();
        await using var client = new GreeterClient(plain.Endpoint, new ClientOptions { CurveClient = new CurveClientOptions(CurveKeyPair.Generate().PublicKey), CallTimeout = ShortCall });

        var error = await Should.ThrowAsync<TimeoutException>(client.HelloAsync("x").WaitAsync(Keys.Wait));
        error.Message.ShouldContain("CURVE handshake");
        greeter.Calls.ShouldBe(0);
    }

    [Theory]
    [InlineData("zmtp1")]
    [InlineData("zmtp2")]
    [InlineData("http")]
    public async Task A_downgrading_peer_runs_no_handler_and_gets_no_reply(string kind)
    {
        var serverKeys = CurveKeyPair.Generate();
        var greeter = new Greeter();
        await using var server = new GreeterServer(greeter, "tcp://127.0.0.1:*", new ServerOptions { CurveServer = new CurveServerOptions(serverKeys) });
        server.Start();

        // A well-formed Typed request from a DEALER: [request id] [] [operation] [body].
        byte[][] request = { new byte[] { 0, 0, 0, 1 }, Array.Empty<byte>(), "Hello"u8.ToArray(), "mallory"u8.ToArray() };
        var bytes = kind switch
        {
            "zmtp1" => RawProbe.Zmtp10(request),
            "zmtp2" => RawProbe.Zmtp20(5, request),
            _ => RawProbe.Http,
        };
        var received = await RawProbe.SendAsync(server.Endpoint, bytes);
        RawProbe.ShouldBeGreetingOnly(received);
        Encoding.ASCII.GetString(received).ShouldNotContain("hello");

        await using var client = new GreeterClient(server.Endpoint, new ClientOptions { CurveClient = new CurveClientOptions(serverKeys.PublicKey), CallTimeout = Keys.Wait });
        (await client.HelloAsync("alice").WaitAsync(Keys.Wait)).ShouldBe("hello alice");
        greeter.Calls.ShouldBe(1);
    }

    [Fact]
    public async Task A_peer_that_vanishes_frees_its_connection_and_the_server_goes_on()
    {
        var serverKeys = CurveKeyPair.Generate();
        var greeter = new Greeter();
        await using var server = new GreeterServer(greeter, "tcp://127.0.0.1:*", new ServerOptions { CurveServer = new CurveServerOptions(serverKeys) });
        server.Start();
        for (var i = 0; i < 5; i++)
        {
            await using var client = new GreeterClient(server.Endpoint, new ClientOptions { CurveClient = new CurveClientOptions(serverKeys.PublicKey), CallTimeout = Keys.Wait });
            (await client.HelloAsync("c" + i).WaitAsync(Keys.Wait)).ShouldBe("hello c" + i);
        }

        greeter.Calls.ShouldBe(5);
    }

    [Fact]
    public void Misconfigured_curve_endpoints_are_refused_with_a_clear_exception()
    {
        var keys = CurveKeyPair.Generate();
        Should.Throw<ArgumentException>(() => new GreeterServer(new Greeter(), ">tcp://127.0.0.1:5", new ServerOptions { CurveServer = new CurveServerOptions(keys) }))
            .Message.ShouldContain("the side that binds is the CURVE server");
        Should.Throw<ArgumentException>(() => new GreeterClient("@tcp://127.0.0.1:*", new ClientOptions { CurveClient = new CurveClientOptions(keys.PublicKey) }))
            .Message.ShouldContain("the side that binds is the CURVE server");
        Should.Throw<ArgumentException>(() => new GreeterServer(new Greeter(), "inproc://curve-" + Guid.NewGuid(), new ServerOptions { CurveServer = new CurveServerOptions(keys) }))
            .Message.ShouldContain("tcp:// endpoints only");
        Should.Throw<ArgumentException>(() => new GreeterClient("tcp://127.0.0.1:5", new ClientOptions
        {
            CurveServer = new CurveServerOptions(keys),
            CurveClient = new CurveClientOptions(keys.PublicKey),
        }));
        Should.Throw<ArgumentException>(() => new CurveClientOptions("not a key"));
        Should.Throw<ArgumentException>(() => new GreeterServer(new Greeter(), "tcp://127.0.0.1:*", new ServerOptions
        {
            CurveServer = new CurveServerOptions(keys) { AllowedClientKeys = new[] { "short" } },
        }));
    }
}
