using System.Collections.Concurrent;
using NetMQ;
using NetMQ.Sockets;
using ZeroContracts.PubSub;
using ZeroContracts.Runtime.Tests.Contracts;
using ZeroContracts.Runtime.Tests.Support;
using static ZeroContracts.Runtime.Tests.Support.RawPeer;

namespace ZeroContracts.Runtime.Tests;

/// <summary>
/// The publisher's socket turn: messages sent on the publishing thread when the socket is free, queued for the socket
/// thread otherwise, with the same stamps, order, subscriber counts and Dispose behaviour either way.
/// </summary>
public sealed class PublisherTurnTests
{
    private static readonly string[] Topics = { "temp", "alert", "zone", "count" };
    private const int Temp = 0;
    private const int Count = 3;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Messages_sent_directly_and_queued_keep_each_threads_order_and_consecutive_sequences(bool useMailbox)
    {
        // Nothing may be dropped anywhere, so every stamp can be checked.
        var options = new PublisherOptions { SendHighWaterMark = 0, MaxQueuedMessages = 1_000_000 };
        using var publisher = new PubSubPublisher(Transports.BindAddress("inproc"), Framing.Typed, Topics, options, useMailbox);
        publisher.SendsOnCallersThread.ShouldBe(useMailbox);
        using var raw = new SubscriberSocket();
        raw.Options.ReceiveHighWatermark = 0;
        raw.Connect(publisher.Endpoint);
        raw.SubscribeToAnyTopic();
        (await publisher.WaitForSubscribersAsync(1, Bounded.Wait)).ShouldBeTrue();

        // Four threads each publish their own key and the shared unkeyed topic, while this thread now and then holds
        // the turn so that they must queue, and lets go so that they send directly again.
        const int PerThread = 3000;
        string[] cities = { "a", "b", "c", "d" };
        var publishing = cities.Select(city => OnOwnThread(() =>
        {
            for (var i = 1; i <= PerThread; i++)
            {
                PublishReading(publisher, city, i);
                PublishCount(publisher, i);
            }
        })).ToArray();
        var all = Task.WhenAll(publishing);
        using (var deadline = new CancellationTokenSource(Bounded.Wait))
        {
            while (!all.IsCompleted)
            {
                deadline.Token.ThrowIfCancellationRequested();
                lock (publisher.Turn)
                {
                    var before = publisher.Statistics.Published;
                    SpinWait.SpinUntil(() => all.IsCompleted, 2);
                    publisher.Statistics.Published.ShouldBe(before, "nothing is sent while another thread holds the turn");
                }

                SpinWait.SpinUntil(() => all.IsCompleted, 2);
            }
        }

        await all.Within();

        // Both ways, for sure (the mix above depends on scheduling): one more message published while this thread holds
        // the turn is queued, and once the socket thread has sent it and let go, the next is sent on the caller's thread.
        var sentDirectly = publisher.SentOnCallersThread;
        Task queuing;
        using var queued = new ManualResetEventSlim();
        lock (publisher.Turn)
        {
            queuing = OnOwnThread(() =>
            {
                PublishCount(publisher, 0);
                queued.Set();
            });
            queued.Wait(Bounded.Wait).ShouldBeTrue("publishing waited for the turn");
            publisher.SentOnCallersThread.ShouldBe(sentDirectly, "a message published while another thread holds the turn is queued");
        }

        await queuing.Within();
        const int Total = 2 * PerThread * 4 + 2;
        SpinWait.SpinUntil(() => publisher.Statistics.Published == Total - 1, Bounded.Wait).ShouldBeTrue("the queued message was not sent");
        lock (publisher.Turn)
        {
            // Taken once the socket thread waits again without it.
        }

        PublishCount(publisher, 0);
        publisher.SentOnCallersThread.ShouldBe(useMailbox ? sentDirectly + 1 : 0);

        var sequences = new Dictionary<string, List<ulong>>();
        var bodies = new Dictionary<string, List<int>>();
        var ids = new HashSet<string>();
        for (var n = 0; n < Total; n++)
        {
            var frames = Receive(raw);
            var topic = Text(frames[0][..^17]);
            ids.Add(PublisherIdIn(frames[0]));
            (sequences.TryGetValue(topic, out var list) ? list : sequences[topic] = new()).Add(SequenceIn(frames[0]));
            if (topic.StartsWith("temp/", StringComparison.Ordinal))
            {
                var reading = System.Text.Json.JsonSerializer.Deserialize<TemperatureReading>(frames[1], new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!;
                (bodies.TryGetValue(topic, out var values) ? values : bodies[topic] = new()).Add(reading.Sequence);
            }
        }

        ids.Count.ShouldBe(1);
        sequences["count"].ShouldBe(Enumerable.Range(1, 4 * PerThread + 2).Select(static i => (ulong)i));
        foreach (var city in cities)
        {
            sequences["temp/" + city].ShouldBe(Enumerable.Range(1, PerThread).Select(static i => (ulong)i));
            bodies["temp/" + city].ShouldBe(Enumerable.Range(1, PerThread));
        }

        publisher.Statistics.ShouldBe(new PublisherStatistics(Total, 0));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Subscriptions_that_arrive_while_publishers_send_are_counted_without_another_publish(bool useMailbox)
    {
        using var publisher = new PubSubPublisher("tcp://127.0.0.1:*", Framing.Typed, Topics, null, useMailbox);
        var subscribers = new List<SubscriberSocket>();
        try
        {
            for (var n = 1; n <= 40; n++)
            {
                var subscriber = new SubscriberSocket();
                subscribers.Add(subscriber);
                subscriber.Connect(publisher.Endpoint);
                subscriber.SubscribeToAnyTopic();

                // Publish from two threads while the subscription travels, then stop: whoever sent last must have read
                // what its sends announced, or the count stays behind with nobody left to read it.
                await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => OnOwnThread(() =>
                {
                    for (var i = 0; i < 200; i++) PublishCount(publisher, i);
                }))).Within();

                (await publisher.WaitForSubscribersAsync(n, Bounded.Wait)).ShouldBeTrue($"subscriber {n} was not counted");
            }

            if (useMailbox) publisher.SentOnCallersThread.ShouldBeGreaterThan(0);
        }
        finally
        {
            foreach (var subscriber in subscribers) subscriber.Dispose();
        }

        // Everything-subscribers are forgotten when the last one leaves (XPUB passes on only that unsubscribe).
        using var timeout = new CancellationTokenSource(Bounded.Wait);
        while (publisher.SubscriberCount != 0) await Task.Delay(5, timeout.Token);
    }

    [Fact]
    public async Task After_a_burst_the_socket_thread_stops_reading_for_the_publishers_and_they_read_for_themselves()
    {
        using var publisher = new PubSubPublisher("tcp://127.0.0.1:*", Framing.Typed, Topics, null);
        using var raw = new SubscriberSocket();
        raw.Connect(publisher.Endpoint);
        raw.SubscribeToAnyTopic();
        (await publisher.WaitForSubscribersAsync(1, Bounded.Wait)).ShouldBeTrue();

        await OnOwnThread(() =>
        {
            for (var i = 0; i < 2000; i++) PublishCount(publisher, i);
        }).Within();

        // An idle publisher's socket thread must not keep waking every millisecond.
        using (var timeout = new CancellationTokenSource(Bounded.Wait))
        {
            while (publisher.WaitsBriefly) await Task.Delay(5, timeout.Token);
        }

        // And a subscription announced to a lone publish is still read, by the publisher itself.
        using var late = new SubscriberSocket();
        late.Connect(publisher.Endpoint);
        late.SubscribeToAnyTopic();
        PublishCount(publisher, -1);
        (await publisher.WaitForSubscribersAsync(2, Bounded.Wait)).ShouldBeTrue();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Dispose_while_several_threads_publish_fails_them_only_with_ObjectDisposedException(bool useMailbox)
    {
        for (var round = 0; round < 20; round++)
        {
            var publisher = new PubSubPublisher(Transports.BindAddress(round % 2 == 0 ? "inproc" : "tcp"), Framing.Typed, Topics, null, useMailbox);
            try
            {
                await DisposeWhilePublishing(publisher);
            }
            finally
            {
                publisher.Dispose();
            }
        }
    }

    private static async Task DisposeWhilePublishing(PubSubPublisher publisher)
    {
        using var raw = new SubscriberSocket();
        raw.Connect(publisher.Endpoint);
        raw.SubscribeToAnyTopic();
        (await publisher.WaitForSubscribersAsync(1, Bounded.Wait)).ShouldBeTrue();

        var failures = new ConcurrentQueue<Exception>();
        var publishing = Enumerable.Range(0, 4).Select(t => OnOwnThread(() =>
        {
            using var deadline = new CancellationTokenSource(Bounded.Wait);
            try
            {
                for (var i = 0; !deadline.IsCancellationRequested; i++)
                {
                    if (t % 2 == 0) PublishCount(publisher, i);
                    else PublishReading(publisher, "x", i);
                }

                failures.Enqueue(new TimeoutException("still publishing after the wait"));
            }
            catch (Exception e)
            {
                failures.Enqueue(e);
            }
        })).ToArray();
        using (var timeout = new CancellationTokenSource(Bounded.Wait))
        {
            while (publisher.Statistics.Published < 50) await Task.Delay(1, timeout.Token);
        }

        await Task.Run(publisher.Dispose).Within();
        await Task.WhenAll(publishing).Within();

        failures.Count.ShouldBe(4);
        failures.ShouldAllBe(static e => e is ObjectDisposedException);
        Should.Throw<ObjectDisposedException>(() => PublishCount(publisher, 0));
    }

    [Fact]
    public async Task The_portable_wait_sends_everything_through_the_socket_thread_to_a_typed_subscriber()
    {
        using var publisher = new PubSubPublisher(Transports.BindAddress("tcp"), Framing.Typed, Topics, null, useMailbox: false);
        var recorder = new FeedRecorder();
        await using var subscriber = new TemperatureFeedSubscriber(recorder, publisher.Endpoint);
        subscriber.Start();
        (await publisher.WaitForSubscribersAsync(1, Bounded.Wait)).ShouldBeTrue();

        for (var i = 1; i <= 100; i++) PublishReading(publisher, "Oslo", i);
        PublishCount(publisher, 7);

        var calls = await recorder.NextAsync(101);
        calls.Take(100).ShouldBe(Enumerable.Range(1, 100).Select(static i => $"Reading Oslo 0 {i}"));
        calls[100].ShouldBe("Count 7");
        subscriber.Statistics.Missed.ShouldBe(0);
        publisher.SentOnCallersThread.ShouldBe(0);
    }

    /// <summary>Publishing threads of their own: publishers in tight loops would starve the thread pool the test awaits on.</summary>
    private static Task OnOwnThread(Action publish) => Task.Factory.StartNew(publish, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static void PublishReading(PubSubPublisher publisher, string city, int sequence)
    {
        var message = publisher.CreateMessage(Temp);
        message.WriteKey(city);
        message.WriteBody(new TemperatureReading(0, sequence));
        publisher.Publish(message);
    }

    private static void PublishCount(PubSubPublisher publisher, int value)
    {
        var message = publisher.CreateMessage(Count);
        message.WriteBody(value);
        publisher.Publish(message);
    }
}
