using NetMQ;
using ZeroContracts.Runtime.Tests.Contracts;
using ZeroContracts.Runtime.Tests.Support;

namespace ZeroContracts.Runtime.Tests;

/// <summary>Clients and subscribers outlive their server or publisher: they reconnect by themselves once it is back.</summary>
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

        await using var second = await RebindAsync(() => new ShapesServer(new Shapes(), endpoint));
        second.Start();
        await using var patient = new ShapesClient(endpoint, new ClientOptions { CallTimeout = TimeSpan.FromSeconds(10) });
        (await patient.AddAsync(0, 0).Within()).ShouldBe(0);

        // The first client reconnects by itself (NetMQ retries every 100 ms); its next call goes through.
        (await client.AddAsync(3, 3).Within()).ShouldBe(6);
    }

    [Fact]
    public async Task A_subscriber_whose_publisher_restarts_receives_from_the_new_one_without_a_false_gap()
    {
        var first = new TemperatureFeedPublisher("tcp://127.0.0.1:*");
        var endpoint = first.Endpoint;
        var recorder = new FeedRecorder();
        await using var subscriber = new TemperatureFeedSubscriber(recorder, endpoint);
        subscriber.Start();
        (await first.WaitForSubscribersAsync(1, Bounded.Wait)).ShouldBeTrue();
        first.Count(1);
        (await recorder.NextAsync(1)).ShouldBe(new[] { "Count 1" });

        first.Dispose();
        await using var second = await RebindAsync(() => new TemperatureFeedPublisher(endpoint));

        // The subscriber reconnects and subscribes again by itself; the new publisher counts it from its presence.
        (await second.WaitForSubscribersAsync(1, Bounded.Wait)).ShouldBeTrue();
        second.Count(2);
        (await recorder.NextAsync(1)).ShouldBe(new[] { "Count 2" });

        // A new publisher stamps a new id, so its first sequence number is not a gap after the old one's.
        subscriber.Statistics.Missed.ShouldBe(0);
    }

    /// <summary>
    /// Binds a replacement on the address its predecessor just released. NetMQ closes a socket's listener on its I/O
    /// thread after Dispose returns, so the first attempts may find the address still in use.
    /// </summary>
    private static async Task<T> RebindAsync<T>(Func<T> create)
    {
        using var timeout = new CancellationTokenSource(Bounded.Wait);
        while (true)
        {
            try
            {
                return create();
            }
            catch (AddressAlreadyInUseException) when (!timeout.IsCancellationRequested)
            {
                await Task.Delay(20, timeout.Token);
            }
        }
    }
}
