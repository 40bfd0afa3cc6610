using ZeroContracts.Runtime.Tests.Contracts;
using ZeroContracts.Runtime.Tests.Support;

namespace ZeroContracts.Runtime.Tests;

/// <summary>Every parameter and return shape survives the trip, on every transport.</summary>
public sealed class RoundTripTests
{
    [Theory]
    [MemberData(nameof(Transports.All), MemberType = typeof(Transports))]
    public async Task Every_shape_round_trips(string transport)
    {
        var service = new Shapes();
        await using var server = new ShapesServer(service, Transports.BindAddress(transport));
        server.Start();
        await using var client = new ShapesClient(server.Endpoint);

        await client.NoArgsAsync().Within();
        await client.NothingAsync(CancellationToken.None).Within();
        (await client.EchoStringAsync("héllo, 世界").Within()).ShouldBe("héllo, 世界");
        (await client.EchoStringAsync("").Within()).ShouldBe("");
        (await client.EchoStringAsync(null).Within()).ShouldBeNull();
        (await client.EchoBytesAsync(new byte[] { 0, 1, 255 }).Within()).ShouldBe(new byte[] { 0, 1, 255 });
        (await client.EchoBytesAsync(Array.Empty<byte>()).Within()).ShouldBe(Array.Empty<byte>());
        (await client.EchoBytesAsync(null).Within()).ShouldBeNull();
        (await client.AddAsync(2, 40).Within()).ShouldBe(42);
        (await client.MoveAsync(new Point(1, 1, "a"), 2, 3).Within()).ShouldBe(new Point(3, 4, "a"));
        (await client.MaybeAsync(true).Within()).ShouldBe(new Point(1, 2, "given"));
        (await client.MaybeAsync(false).Within()).ShouldBeNull();
        (await client.LineAsync(3, "l").Within()).ShouldBe(new List<Point> { new(0, 0, "l"), new(1, 2, "l"), new(2, 4, "l") });
        (await client.CountWordsAsync(new[] { "a", "b", "a" }).Within()).ShouldBe(new Dictionary<string, int> { ["a"] = 2, ["b"] = 1 });
        (await client.DescribeAsync("t", new byte[] { 0xAB }, Kind.Large, 0.5, null).Within()).ShouldBe("t|AB|Large|0.5|null");
        (await client.DescribeAsync("t", Array.Empty<byte>(), Kind.Small, null, "n").Within()).ShouldBe("t||Small|none|n");
        (await client.WithDefaultAsync(1).Within()).ShouldBe(11);
        (await client.WithDefaultAsync(1, 2).Within()).ShouldBe(3);
        (await client.EchoLongAsync(long.MinValue).Within()).ShouldBe(long.MinValue);
        (await client.CallCountAsync().Within()).ShouldBe(18);
    }

    [Fact]
    public async Task Large_messages_round_trip()
    {
        await using var server = new ShapesServer(new Shapes(), "tcp://127.0.0.1:*");
        server.Start();
        await using var client = new ShapesClient(server.Endpoint);
        var big = new byte[1_000_000];
        new Random(7).NextBytes(big);

        (await client.EchoBytesAsync(big).Within()).ShouldBe(big);
    }

    [Fact]
    public async Task Client_can_bind_and_server_connect()
    {
        var address = Transports.BindAddress("inproc");
        await using var client = new ShapesClient("@" + address);
        await using var server = new ShapesServer(new Shapes(), ">" + address);
        server.Start();

        (await client.AddAsync(1, 2).Within()).ShouldBe(3);
    }

    [Fact]
    public async Task Server_reports_the_real_port_of_a_wildcard_bind()
    {
        await using var server = new ShapesServer(new Shapes(), "tcp://127.0.0.1:*");

        server.Endpoint.ShouldStartWith("tcp://127.0.0.1:");
        server.Endpoint.ShouldNotEndWith(":*");
        int.Parse(server.Endpoint.Split(':')[2]).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task RunAsync_serves_until_cancelled()
    {
        using var stop = new CancellationTokenSource();
        var server = new ShapesServer(new Shapes(), "tcp://127.0.0.1:*");
        var running = server.RunAsync(stop.Token);
        await using (var client = new ShapesClient(server.Endpoint))
        {
            (await client.AddAsync(1, 1).Within()).ShouldBe(2);
        }

        stop.Cancel();
        await running.Within();
        server.Dispose();
    }
}
