using System.Collections.Concurrent;
using System.Text;
using NetMQ;
using NetMQ.Sockets;
using ZeroContracts.Runtime.Tests.Contracts;
using ZeroContracts.Runtime.Tests.Support;
using static ZeroContracts.Runtime.Tests.Support.RawPeer;

namespace ZeroContracts.Runtime.Tests;

/// <summary>[PubSub]: every topic reaches its subscribers with the right types, filtering, late joiners, gaps, failures.</summary>
public sealed class PubSubTests
{
    [Theory]
    [MemberData(nameof(Transports.All), MemberType = typeof(Transports))]
    public async Task Every_topic_reaches_every_subscriber_with_the_right_types(string transport)
    {
        await using var publisher = new TemperatureFeedPublisher(Transports.BindAddress(transport));
        var first = new FeedRecorder();
        var second = new FeedRecorder();
        await using var one = new TemperatureFeedSubscriber(first, publisher.Endpoint);
        await using var two = new TemperatureFeedSubscriber(second, publisher.Endpoint);
        one.Start();
        two.Start();
        (await publisher.WaitForSubscribersAsync(2, Bounded.Wait)).ShouldBeTrue();

        publisher.Reading("北京", new TemperatureReading(-3.5, 1));
        publisher.Alert(new FeedAlert("storm", 2));
        publisher.ZoneChanged(Zone.South, 7);
        publisher.Count(42);

        var expected = new[] { "Reading 北京 -3.5 1", "Alert storm 2", "Zone South 7", "Count 42" };
        (await first.NextAsync(4)).ShouldBe(expected);
        (await second.NextAsync(4)).ShouldBe(expected);
        one.Statistics.ShouldBe(new MessageStatistics(4, 0, 0, 0));
        publisher.Statistics.Published.ShouldBe(4);
    }

    [Fact]
    public async Task A_subscriber_receives_only_the_topics_and_keys_it_asked_for()
    {
        await using var publisher = new TemperatureFeedPublisher("tcp://127.0.0.1:*");
        var recorder = new FeedRecorder();
        await using var subscriber = new TemperatureFeedSubscriber(recorder, publisher.Endpoint, null,
            TemperatureFeedSubscriber.Topics.Reading("Beijing"),
            TemperatureFeedSubscriber.Topics.ZoneChanged(Zone.South),
            TemperatureFeedSubscriber.Topics.Alert());
        subscriber.Start();
        (await publisher.WaitForSubscribersAsync(1, Bounded.Wait)).ShouldBeTrue();

        publisher.Reading("Beijing", new TemperatureReading(20, 1));
        publisher.Reading("BeijingNorth", new TemperatureReading(21, 1)); // ZeroMQ's prefix match lets it through; the subscriber must not
        publisher.Reading("Shanghai", new TemperatureReading(22, 1));
        publisher.ZoneChanged(Zone.North, 1);
        publisher.ZoneChanged(Zone.South, 2);
        publisher.Count(5);
        publisher.Alert(new FeedAlert("end", 0));

        (await recorder.UntilAsync(static c => c == "Alert end 0")).ShouldBe(new[] { "Reading Beijing 20 1", "Zone South 2", "Alert end 0" });
        subscriber.Statistics.Malformed.ShouldBe(0);
        subscriber.Statistics.Missed.ShouldBe(0);
    }

    [Fact]
    public async Task A_late_subscriber_that_the_publisher_waits_for_receives_everything()
    {
        await using var publisher = new TemperatureFeedPublisher("tcp://127.0.0.1:*");
        var publishing = Task.Run(async () =>
        {
            if (!await publisher.WaitForSubscribersAsync(1, Bounded.Wait)) return false;
            for (var i = 1; i <= 500; i++) publisher.Count(i);
            return true;
        });

        var recorder = new FeedRecorder();
        await using var subscriber = new TemperatureFeedSubscriber(recorder, publisher.Endpoint);
        subscriber.Start();

        (await publishing.Within()).ShouldBeTrue();
        (await recorder.NextAsync(500)).ShouldBe(Enumerable.Range(1, 500).Select(static i => $"Count {i}"));
        subscriber.Statistics.Missed.ShouldBe(0);
    }

    [Fact]
    public async Task WaitForSubscribers_returns_false_when_nobody_comes_and_counts_plain_subscribers()
    {
        await using var publisher = new TemperatureFeedPublisher("tcp://127.0.0.1:*");

        (await publisher.WaitForSubscribersAsync(1, TimeSpan.FromMilliseconds(50))).ShouldBeFalse();

        using var plain = new SubscriberSocket();
        plain.Connect(publisher.Endpoint);
        plain.SubscribeToAnyTopic();
        (await publisher.WaitForSubscribersAsync(1, Bounded.Wait)).ShouldBeTrue();
        publisher.SubscriberCount.ShouldBe(1);
    }

    [Fact]
    public async Task Gaps_from_high_water_mark_drops_are_counted_and_reported()
    {
        // inproc: no kernel socket buffers, so the high-water marks alone bound what can queue.
        await using var publisher = new TemperatureFeedPublisher(Transports.BindAddress("inproc"), new PublisherOptions { SendHighWaterMark = 10 });
        using var gate = new ManualResetEventSlim(false);
        var recorder = new FeedRecorder { Before = call => gate.Wait(Bounded.Wait) };
        var reported = new ConcurrentQueue<MessageEvent>();
        await using var subscriber = new TemperatureFeedSubscriber(recorder, publisher.Endpoint, new SubscriberOptions
        {
            ReceiveHighWaterMark = 10,
            MaxQueuedMessages = 1,
            OnEvent = reported.Enqueue,
        });
        subscriber.Start();
        (await publisher.WaitForSubscribersAsync(1, Bounded.Wait)).ShouldBeTrue();

        // The handler is held, so queues fill and the publisher drops messages for this subscriber.
        for (var i = 1; i <= 5000; i++) publisher.Count(i);
        await Eventually(() => publisher.Statistics.Published == 5000);
        gate.Set();

        // The last messages were dropped too; keep publishing until one gets through after the queues drained.
        var next = 5001;
        var calls = new List<string>();
        using (var deadline = new CancellationTokenSource(Bounded.Wait))
        {
            while (calls.Count == 0 || calls[^1] != "Count " + (next - 1))
            {
                deadline.Token.ThrowIfCancellationRequested();
                publisher.Count(next++);
                calls.AddRange(await recorder.AvailableAsync(TimeSpan.FromMilliseconds(20)));
            }
        }

        var values = calls.Select(static c => int.Parse(c.Split(' ')[1])).ToList();
        values[0].ShouldBe(1);
        values.ShouldBeInOrder(SortDirection.Ascending);
        values.Distinct().Count().ShouldBe(values.Count);
        var statistics = subscriber.Statistics;
        statistics.Missed.ShouldBeGreaterThan(0);
        (statistics.Received + statistics.Missed).ShouldBe(values[^1]);
        reported.Where(static e => e.Kind == MessageEventKind.MessagesMissed).Sum(static e => e.Count).ShouldBe(statistics.Missed);
        reported.ShouldAllBe(static e => e.Kind != MessageEventKind.MessagesMissed || e.Topic == "count");
    }

    [Fact]
    public async Task A_handler_that_throws_is_reported_and_the_next_message_is_handled()
    {
        await using var publisher = new TemperatureFeedPublisher("tcp://127.0.0.1:*");
        var recorder = new FeedRecorder { Before = static call => { if (call.StartsWith("Alert")) throw new InvalidOperationException("boom"); } };
        var reported = new ConcurrentQueue<MessageEvent>();
        await using var subscriber = new TemperatureFeedSubscriber(recorder, publisher.Endpoint, new SubscriberOptions { OnEvent = reported.Enqueue });
        subscriber.Start();
        (await publisher.WaitForSubscribersAsync(1, Bounded.Wait)).ShouldBeTrue();

        publisher.Alert(new FeedAlert("bad", 1));
        publisher.Count(1);

        (await recorder.NextAsync(1)).ShouldBe(new[] { "Count 1" });
        subscriber.Statistics.HandlerFailures.ShouldBe(1);
        var failure = reported.Single(static e => e.Kind == MessageEventKind.HandlerFailed);
        failure.Topic.ShouldBe("alert");
        failure.Exception.ShouldBeOfType<InvalidOperationException>();
    }

    [Fact]
    public async Task The_presence_subscription_reaches_the_publisher_after_every_topic_subscription()
    {
        // A SUB sends its subscriptions in its trie's byte order when a connection opens (and again on every reconnect):
        // the presence prefix must sort after every topic, or a publisher could count a subscriber whose topics are
        // not in place yet and lose what it publishes next (docs/protocol.md 5.2).
        using var raw = new XPublisherSocket();
        raw.Options.XPubVerbose = true;
        var port = raw.BindRandomPort("tcp://127.0.0.1");
        await using var subscriber = new TemperatureFeedSubscriber(new FeedRecorder(), $"tcp://127.0.0.1:{port}");
        subscriber.Start();

        SubscriptionsUntilPresence(raw).ShouldBe(new[] { "alert", "count", "temp/", "zone/" }, ignoreOrder: true);
    }

    /// <summary>The topic subscriptions an XPUB receives before the first presence subscription.</summary>
    private static List<string> SubscriptionsUntilPresence(XPublisherSocket publisher)
    {
        var topics = new List<string>();
        while (true)
        {
            publisher.TryReceiveFrameBytes(Bounded.Wait, out var frame).ShouldBeTrue("no presence subscription arrived");
            if (frame![0] != 1) continue;
            if (Text(frame).Contains("zc/subscriber/", StringComparison.Ordinal)) return topics;
            topics.Add(Text(frame[1..]));
        }
    }

    [Fact]
    public async Task Malformed_messages_are_counted_and_skipped()
    {
        await using var feed = await PlainPublisherFeed.StartAsync();
        var (raw, recorder, reported, subscriber) = (feed.Raw, feed.Recorder, feed.Reported, feed.Subscriber);
        Send(raw, Utf8("count"), Utf8("1"), Utf8("1"));                               // three frames
        Send(raw, Utf8("count"), Array.Empty<byte>(), Utf8("1"));                      // the old layout, [topic] [stamp] [body]
        Send(raw, Utf8("count"), Stamped(Utf8("x"), 1, 1)[1..], Utf8("1"));            // ... with a 16-byte stamp frame
        Send(raw, [.. Utf8("count"), 0xFF, 1, 2, 3], Utf8("1"));                      // a stamp trailer of the wrong size
        Send(raw, Stamped(Utf8("count"), 1, 1), Utf8("not json"));                    // a body that is not an int
        Send(raw, Utf8("temp/x"), Utf8("{}"));                                        // JSON without the fields: a valid record with defaults
        Send(raw, [.. Utf8("temp/"), 0xFE], Utf8("{}"));                              // key not UTF-8
        Send(raw, Stamped([.. Utf8("temp/"), 0xFE], 1, 1), Utf8("{}"));               // key not UTF-8, stamped
        Send(raw, Utf8("zone/Nowhere"), Utf8("1"));                                   // key not of the key's type
        Send(raw, Utf8("counter"), Utf8("3"));                                        // another topic sharing the prefix: ignored, not malformed
        Send(raw, Stamped(Utf8("counter"), 1, 1), Utf8("3"));                         // ... stamped
        Send(raw, Stamped(Utf8("count"), 1, 2), Utf8("2"));

        // Priming messages may still be arriving; everything after them is exact.
        (await recorder.UntilAsync(static c => c == "Count 2")).Where(static c => c != "Count 0").ShouldBe(new[] { "Reading x 0 0", "Count 2" });
        subscriber.Statistics.Malformed.ShouldBe(8);
        reported.Count(static e => e.Kind == MessageEventKind.MalformedMessageDropped).ShouldBe(8);
        subscriber.Statistics.Missed.ShouldBe(0);
    }

    [Fact]
    public async Task A_plain_publisher_without_stamps_is_received_and_stamps_from_any_peer_count_gaps()
    {
        // [topic] [body], as a pyzmq publisher sends without knowing about stamps: never a gap.
        await using var feed = await PlainPublisherFeed.StartAsync();
        var (raw, recorder, reported, subscriber) = (feed.Raw, feed.Recorder, feed.Reported, feed.Subscriber);
        Send(raw, Utf8("temp/Oslo"), Utf8("""{"celsius":1.5,"sequence":2}"""));
        Send(raw, Utf8("count"), Utf8("1"));

        // Stamp bytes may be 0xFF themselves; the trailer is found from the end of the frame.
        const ulong id = ulong.MaxValue;
        Send(raw, Stamped(Utf8("count"), id, 0xFF), Utf8("2"));
        Send(raw, Stamped(Utf8("count"), id, 0x1FF), Utf8("3"));
        Send(raw, Stamped(Utf8("temp/Oslo"), id, 1), Utf8("""{"celsius":2.5,"sequence":3}"""));
        Send(raw, Utf8("count"), Utf8("4"));

        (await recorder.UntilAsync(static c => c == "Count 4")).Where(static c => c != "Count 0").ShouldBe(new[]
        {
            "Reading Oslo 1.5 2", "Count 1", "Count 2", "Count 3", "Reading Oslo 2.5 3", "Count 4",
        });
        subscriber.Statistics.Missed.ShouldBe(0x1FF - 0xFF - 1);
        subscriber.Statistics.Malformed.ShouldBe(0);
        reported.Single(static e => e.Kind == MessageEventKind.MessagesMissed).Topic.ShouldBe("count");
    }

    /// <summary>A plain PUB socket and a generated subscriber of every topic connected to it, reporting to <see cref="Reported"/>.</summary>
    private sealed class PlainPublisherFeed : IAsyncDisposable
    {
        private PlainPublisherFeed()
        {
            try
            {
                var port = Raw.BindRandomPort("tcp://127.0.0.1");
                Subscriber = new TemperatureFeedSubscriber(Recorder, $"tcp://127.0.0.1:{port}", new SubscriberOptions { OnEvent = Reported.Enqueue });
            }
            catch
            {
                Raw.Dispose();
                throw;
            }
        }

        public PublisherSocket Raw { get; } = new();

        public FeedRecorder Recorder { get; } = new();

        public ConcurrentQueue<MessageEvent> Reported { get; } = new();

        public TemperatureFeedSubscriber Subscriber { get; }

        /// <summary>
        /// Connected once a <c>Count 0</c> arrived: a plain PUB socket cannot see subscriptions, so it sends that
        /// (unstamped) until one gets through. More of them may still be on the way.
        /// </summary>
        public static async Task<PlainPublisherFeed> StartAsync()
        {
            var feed = new PlainPublisherFeed();
            try
            {
                feed.Subscriber.Start();
                var first = Task.Run(() => feed.Recorder.NextAsync(1));
                using var timeout = new CancellationTokenSource(Bounded.Wait);
                while (!first.IsCompleted)
                {
                    Send(feed.Raw, Utf8("count"), Utf8("0"));
                    await Task.WhenAny(first, Task.Delay(10, timeout.Token));
                }

                (await first).ShouldBe(new[] { "Count 0" });
                return feed;
            }
            catch
            {
                await feed.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Subscriber.DisposeAsync();
            Raw.Dispose();
        }
    }

    [Fact]
    public async Task Keys_with_slashes_spaces_quotes_and_any_script_round_trip_and_filter_exactly()
    {
        await using var publisher = new TemperatureFeedPublisher("tcp://127.0.0.1:*");
        const string odd = "a/b \"ÿ\" 北京\t🌡";
        var longKey = new string('x', 300);
        var everything = new FeedRecorder();
        var filtered = new FeedRecorder();
        await using var all = new TemperatureFeedSubscriber(everything, publisher.Endpoint);
        await using var one = new TemperatureFeedSubscriber(filtered, publisher.Endpoint, null, TemperatureFeedSubscriber.Topics.Reading(odd));
        all.Start();
        one.Start();
        (await publisher.WaitForSubscribersAsync(2, Bounded.Wait)).ShouldBeTrue();

        publisher.Reading(odd + "2", new TemperatureReading(1, 1));          // shares the filter's prefix
        publisher.Reading("a/b", new TemperatureReading(2, 1));
        publisher.Reading(odd, new TemperatureReading(3, 1));
        publisher.Reading(longKey, new TemperatureReading(4, 1));
        publisher.Reading("", new TemperatureReading(5, 1));
        publisher.Reading(odd, new TemperatureReading(6, 2));

        (await everything.NextAsync(6)).ShouldBe(new[]
        {
            $"Reading {odd}2 1 1", "Reading a/b 2 1", $"Reading {odd} 3 1", $"Reading {longKey} 4 1", "Reading  5 1", $"Reading {odd} 6 2",
        });
        (await filtered.NextAsync(2)).ShouldBe(new[] { $"Reading {odd} 3 1", $"Reading {odd} 6 2" });
        all.Statistics.ShouldBe(new MessageStatistics(6, 0, 0, 0));
        one.Statistics.ShouldBe(new MessageStatistics(2, 0, 0, 0));
    }

    [Fact]
    public async Task Typed_messages_follow_the_protocol_document()
    {
        await using var publisher = new TemperatureFeedPublisher("tcp://127.0.0.1:*");
        using var raw = new SubscriberSocket();
        raw.Connect(publisher.Endpoint);
        raw.Subscribe("temp/");
        raw.SubscribeToAnyTopic();
        (await publisher.WaitForSubscribersAsync(1, Bounded.Wait)).ShouldBeTrue();

        publisher.Reading("Oslo", new TemperatureReading(1.5, 2));
        publisher.Reading("Oslo", new TemperatureReading(2.5, 3));
        publisher.Count(7);

        var first = Receive(raw);
        var second = Receive(raw);
        var third = Receive(raw);

        // [topic text, 0xFF, publisher id, sequence] [body]
        first.Count.ShouldBe(2);
        first[0].Length.ShouldBe("temp/Oslo".Length + 17);
        Text(first[0][..^17]).ShouldBe("temp/Oslo");
        first[0][^17].ShouldBe((byte)0xFF);
        first[0][^8..].ShouldBe(new byte[] { 0, 0, 0, 0, 0, 0, 0, 1 });
        PublisherIdIn(second[0]).ShouldBe(PublisherIdIn(first[0]));
        second[0][^8..].ShouldBe(new byte[] { 0, 0, 0, 0, 0, 0, 0, 2 });
        Text(first[1]).ShouldBe("""{"celsius":1.5,"sequence":2}""");
        third[0].ShouldBe(Stamped(Utf8("count"), Convert.ToUInt64(PublisherIdIn(first[0]), 16), 1));
        Text(third[1]).ShouldBe("7");
    }

    [Theory]
    [InlineData("temp/Oslo temp/Lima temp/Oslo temp/Pune temp/Oslo")]
    [InlineData("count alert count temp/Oslo count")] // unkeyed topics have counters too
    public async Task A_publisher_past_its_sequence_key_limit_starts_afresh_under_a_new_id_without_false_gaps(string topicFrames)
    {
        await using var publisher = new TemperatureFeedPublisher("tcp://127.0.0.1:*", new PublisherOptions { MaxSequenceKeys = 2 });
        using var raw = new SubscriberSocket();
        raw.Connect(publisher.Endpoint);
        raw.Subscribe("temp/");
        var recorder = new FeedRecorder();
        await using var subscriber = new TemperatureFeedSubscriber(recorder, publisher.Endpoint);
        subscriber.Start();
        (await publisher.WaitForSubscribersAsync(1, Bounded.Wait)).ShouldBeTrue();
        raw.SubscribeToAnyTopic();
        (await publisher.WaitForSubscribersAsync(2, Bounded.Wait)).ShouldBeTrue();

        foreach (var topic in topicFrames.Split(' '))
        {
            if (topic.StartsWith("temp/", StringComparison.Ordinal)) publisher.Reading(topic["temp/".Length..], new TemperatureReading(1, 1));
            else if (topic == "count") publisher.Count(1);
            else publisher.Alert(new FeedAlert("a", 1));
        }

        var received = Enumerable.Range(0, 5).Select(_ => Receive(raw)[0]).ToList();
        var ids = received.Select(PublisherIdIn).ToList();
        var sequences = received.Select(SequenceIn).ToList();
        ids[1].ShouldBe(ids[0]);
        ids[2].ShouldBe(ids[0]);
        ids[3].ShouldNotBe(ids[0]);                 // a third topic frame: counters forgotten, new publisher id
        ids[4].ShouldBe(ids[3]);
        sequences.ShouldBe(new ulong[] { 1, 1, 2, 1, 1 });
        await recorder.NextAsync(5);
        subscriber.Statistics.Missed.ShouldBe(0);
    }

    [Fact]
    public async Task Bare_framing_is_one_frame_each_way()
    {
        await using var publisher = new BareFeedPublisher("tcp://127.0.0.1:*");
        using var raw = new SubscriberSocket();
        raw.Connect(publisher.Endpoint);
        raw.SubscribeToAnyTopic();
        var recorder = new FeedRecorder();
        await using var subscriber = new BareFeedSubscriber(recorder, publisher.Endpoint);
        subscriber.Start();
        (await publisher.WaitForSubscribersAsync(2, Bounded.Wait)).ShouldBeTrue();

        publisher.Say("我是publisher");

        Receive(raw).Select(Text).ShouldBe(new[] { "我是publisher" });
        (await recorder.NextAsync(1)).ShouldBe(new[] { "Say 我是publisher" });
    }

    [Fact]
    public async Task A_topic_can_be_read_with_await_foreach()
    {
        await using var publisher = new TemperatureFeedPublisher("tcp://127.0.0.1:*");
        using var stop = new CancellationTokenSource(Bounded.Wait);
        var publishing = Task.Run(async () =>
        {
            if (!await publisher.WaitForSubscribersAsync(1, Bounded.Wait)) return;
            publisher.Reading("Oslo", new TemperatureReading(1, 1));
            publisher.Reading("Bergen", new TemperatureReading(2, 2));
            publisher.Alert(new FeedAlert("not this one", 0));
            publisher.Reading("Oslo", new TemperatureReading(3, 3));
        });

        var readings = new List<string>();
        await foreach (var (city, reading) in TemperatureFeedSubscriber.StreamReadingAsync(publisher.Endpoint, "Oslo", cancellationToken: stop.Token))
        {
            readings.Add($"{city} {reading.Celsius}");
            if (readings.Count == 2) break;
        }

        await publishing.Within();
        readings.ShouldBe(new[] { "Oslo 1", "Oslo 3" });
    }

    [Fact]
    public async Task RunAsync_stops_when_cancelled_and_dispose_is_idempotent()
    {
        await using var publisher = new TemperatureFeedPublisher("inproc://zc-" + Guid.NewGuid().ToString("N"));
        using var stop = new CancellationTokenSource();
        var subscriber = new TemperatureFeedSubscriber(new FeedRecorder(), publisher.Endpoint);
        var running = subscriber.RunAsync(stop.Token);

        stop.Cancel();

        await running.Within();
        subscriber.Dispose();
        await subscriber.DisposeAsync();
        Should.Throw<ObjectDisposedException>(() => subscriber.Start());
    }

    [Fact]
    public async Task Publishing_after_dispose_throws_and_waiting_ends()
    {
        var publisher = new TemperatureFeedPublisher("tcp://127.0.0.1:*");
        var waiting = publisher.WaitForSubscribersAsync(1, Timeout.InfiniteTimeSpan);

        publisher.Dispose();

        (await waiting.Within()).ShouldBeFalse();
        Should.Throw<ObjectDisposedException>(() => publisher.Count(1));
    }

    [Fact]
    public async Task A_message_larger_than_the_limit_is_refused_before_sending()
    {
        await using var publisher = new TemperatureFeedPublisher("tcp://127.0.0.1:*", new PublisherOptions { MaxMessageSize = 100 });

        Should.Throw<MessageTooLargeException>(() => publisher.Alert(new FeedAlert(new string('x', 200), 1)));
        publisher.Count(1);
        await Eventually(() => publisher.Statistics.Published == 1);
    }

    [Fact]
    public async Task Many_threads_can_publish_at_once_and_each_thread_keeps_its_order()
    {
        await using var publisher = new TemperatureFeedPublisher(Transports.BindAddress("inproc"));
        var recorder = new FeedRecorder();
        await using var subscriber = new TemperatureFeedSubscriber(recorder, publisher.Endpoint);
        subscriber.Start();
        (await publisher.WaitForSubscribersAsync(1, Bounded.Wait)).ShouldBeTrue();

        // Four threads, each publishing its own city; 250 each stays under every queue bound, so nothing may be lost.
        string[] cities = { "a", "b", "c", "d" };
        await Task.WhenAll(cities.Select(city => Task.Run(() =>
        {
            for (var i = 1; i <= 250; i++) publisher.Reading(city, new TemperatureReading(0, i));
        }))).Within();

        var calls = await recorder.NextAsync(1000);
        foreach (var city in cities)
        {
            calls.Where(c => c.StartsWith($"Reading {city} ")).Select(static c => int.Parse(c.Split(' ')[3]))
                .ShouldBe(Enumerable.Range(1, 250));
        }

        subscriber.Statistics.Missed.ShouldBe(0);
    }

    [Fact]
    public async Task Dispose_does_not_wait_for_a_handler_that_is_still_running()
    {
        await using var publisher = new TemperatureFeedPublisher(Transports.BindAddress("inproc"));
        using var gate = new ManualResetEventSlim(false);
        using var entered = new SemaphoreSlim(0);
        var recorder = new FeedRecorder { Before = _ => { entered.Release(); gate.Wait(Bounded.Wait); } };
        var subscriber = new TemperatureFeedSubscriber(recorder, publisher.Endpoint);
        subscriber.Start();
        (await publisher.WaitForSubscribersAsync(1, Bounded.Wait)).ShouldBeTrue();
        publisher.Count(1);
        publisher.Count(2);
        (await entered.WaitAsync(Bounded.Wait)).ShouldBeTrue();

        // The handler is blocked on the gate: disposing must still complete, and the queued message is dropped.
        await Task.Run(subscriber.Dispose).Within();
        gate.Set();

        (await recorder.NextAsync(1)).ShouldBe(new[] { "Count 1" });
        (await recorder.AvailableAsync(TimeSpan.FromMilliseconds(100))).ShouldBeEmpty();
    }

    /// <summary>Waits, boundedly, for a condition that another thread makes true.</summary>
    private static async Task Eventually(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Bounded.Wait);
        while (!condition()) await Task.Delay(5, timeout.Token);
    }
}
