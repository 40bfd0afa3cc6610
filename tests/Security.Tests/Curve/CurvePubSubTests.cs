using System.Text;
using ZeroContracts.Security.Tests.Support;

namespace ZeroContracts.Security.Tests.Curve;

/// <summary>CURVE on generated publishers and subscribers, either side binding.</summary>
public sealed class CurvePubSubTests
{
    [Fact]
    public async Task A_curve_subscriber_gets_only_its_topics_and_keys_from_a_curve_publisher()
    {
        var keys = CurveKeyPair.Generate();
        await using var publisher = new AlertsPublisher("tcp://127.0.0.1:*", new PublisherOptions { CurveServer = new CurveServerOptions(keys) });
        var recorder = new AlertRecorder();
        await using var subscriber = new AlertsSubscriber(recorder, publisher.Endpoint, new SubscriberOptions { CurveClient = new CurveClientOptions(keys.PublicKey) },
            AlertsSubscriber.Topics.Alert("north"), AlertsSubscriber.Topics.Note());
        subscriber.Start();
        (await publisher.WaitForSubscribersAsync(1, Keys.Wait)).ShouldBeTrue();

        publisher.Alert("south", "ignored");
        publisher.Alert("northeast", "ignored by key");
        publisher.Alert("north", "storm");
        publisher.Note("end");
        (await recorder.UntilAsync("note end")).ShouldBe(new[] { "alert north storm", "note end" });
        subscriber.Statistics.Missed.ShouldBe(0);
    }

    [Fact]
    public async Task A_binding_curve_subscriber_gets_messages_from_a_connecting_curve_publisher()
    {
        var keys = CurveKeyPair.Generate();
        var recorder = new AlertRecorder();
        await using var subscriber = new AlertsSubscriber(recorder, "@tcp://127.0.0.1:*", new SubscriberOptions { CurveServer = new CurveServerOptions(keys) });
        subscriber.Start();
        await using var publisher = new AlertsPublisher(">" + subscriber.Endpoint, new PublisherOptions { CurveClient = new CurveClientOptions(keys.PublicKey) });
        (await publisher.WaitForSubscribersAsync(1, Keys.Wait)).ShouldBeTrue();

        publisher.Alert("west", "rain");
        publisher.Note("end");
        (await recorder.UntilAsync("note end")).ShouldBe(new[] { "alert west rain", "note end" });
    }

    [Fact]
    public async Task Unknown_wrong_key_and_plaintext_subscribers_receive_nothing()
    {
        var keys = CurveKeyPair.Generate();
        var known = CurveKeyPair.Generate();
        await using var publisher = new AlertsPublisher("tcp://127.0.0.1:*", new PublisherOptions
        {
            CurveServer = new CurveServerOptions(keys) { AllowedClientKeys = new[] { known.PublicKey } },
        });
        var outsiders = new[] { new AlertRecorder(), new AlertRecorder(), new AlertRecorder() };
        await using var stranger = new AlertsSubscriber(outsiders[0], publisher.Endpoint, new SubscriberOptions { CurveClient = new CurveClientOptions(keys.PublicKey) });
        await using var wrongKey = new AlertsSubscriber(outsiders[1], publisher.Endpoint, new SubscriberOptions { CurveClient = new CurveClientOptions(CurveKeyPair.Generate().PublicKey, known) });
        await using var plain = new AlertsSubscriber(outsiders[2], publisher.Endpoint);
        stranger.Start();
        wrongKey.Start();
        plain.Start();

        var insider = new AlertRecorder();
        await using var friend = new AlertsSubscriber(insider, publisher.Endpoint, new SubscriberOptions { CurveClient = new CurveClientOptions(keys.PublicKey, known) });
        friend.Start();
        (await publisher.WaitForSubscribersAsync(1, Keys.Wait)).ShouldBeTrue();

        publisher.Note("secret");
        publisher.Note("end");
        (await insider.UntilAsync("note end")).ShouldBe(new[] { "note secret", "note end" });
        publisher.SubscriberCount.ShouldBe(1);
        foreach (var outsider in outsiders) outsider.SoFar().ShouldBeEmpty();
    }

    [Theory]
    [InlineData("zmtp1")]
    [InlineData("zmtp2")]
    [InlineData("http")]
    public async Task A_downgrading_subscriber_is_sent_nothing(string kind)
    {
        var keys = CurveKeyPair.Generate();
        await using var publisher = new AlertsPublisher("tcp://127.0.0.1:*", new PublisherOptions { CurveServer = new CurveServerOptions(keys) });

        // A SUB's subscription to everything: one frame, byte 1 and an empty prefix.
        byte[][] subscribe = { new byte[] { 1 } };
        var bytes = kind switch { "zmtp1" => RawProbe.Zmtp10(subscribe), "zmtp2" => RawProbe.Zmtp20(2, subscribe), _ => RawProbe.Http };
        var received = await RawProbe.SendAsync(publisher.Endpoint, bytes, afterSend: () =>
        {
            for (var i = 0; i < 10; i++) publisher.Note("leak" + i);
        });
        RawProbe.ShouldBeGreetingOnly(received);
        Encoding.ASCII.GetString(received).ShouldNotContain("leak");

        var recorder = new AlertRecorder();
        await using var subscriber = new AlertsSubscriber(recorder, publisher.Endpoint, new SubscriberOptions { CurveClient = new CurveClientOptions(keys.PublicKey) });
        subscriber.Start();
        (await publisher.WaitForSubscribersAsync(1, Keys.Wait)).ShouldBeTrue();
        publisher.Note("end");
        (await recorder.UntilAsync("note end")).ShouldBe(new[] { "note end" });
    }

    [Theory]
    [InlineData("zmtp1")]
    [InlineData("zmtp2")]
    [InlineData("http")]
    public async Task A_downgrading_publisher_delivers_nothing_to_a_binding_subscriber(string kind)
    {
        var keys = CurveKeyPair.Generate();
        var recorder = new AlertRecorder();
        await using var subscriber = new AlertsSubscriber(recorder, "@tcp://127.0.0.1:*", new SubscriberOptions { CurveServer = new CurveServerOptions(keys) });
        subscriber.Start();

        // A well-formed Typed message, unstamped: [topic] [body].
        byte[][] message = { "note"u8.ToArray(), "forged"u8.ToArray() };
        var bytes = kind switch { "zmtp1" => RawProbe.Zmtp10(message), "zmtp2" => RawProbe.Zmtp20(1, message), _ => RawProbe.Http };
        RawProbe.ShouldBeGreetingOnly(await RawProbe.SendAsync(subscriber.Endpoint, bytes));

        await using var publisher = new AlertsPublisher(">" + subscriber.Endpoint, new PublisherOptions { CurveClient = new CurveClientOptions(keys.PublicKey) });
        (await publisher.WaitForSubscribersAsync(1, Keys.Wait)).ShouldBeTrue();
        publisher.Note("end");
        (await recorder.UntilAsync("note end")).ShouldBe(new[] { "note end" });
        subscriber.Statistics.Received.ShouldBe(1);
    }
}
