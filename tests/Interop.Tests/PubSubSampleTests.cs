using System.Text.RegularExpressions;
using ZeroContracts.Interop.Tests.Support;

namespace ZeroContracts.Interop.Tests;

/// <summary>The PubSub sample, alone and against the seed document's unmodified publisher.py and subscriber.py (libzmq).</summary>
public sealed partial class PubSubSampleTests
{
    private const string Received = "(subscriber1)接收到'发布者'发送的消息:";

    [Fact]
    public async Task The_demo_publishes_and_subscribes_in_one_process()
    {
        using var demo = Programs.Sample("PubSub", "both", "--count", "5", "--interval-ms", "1");

        (await demo.WaitForExitAsync(Programs.Wait)).ShouldBe(0, demo.Errors);

        demo.Lines.ShouldContain("订阅者一号启动....");
        Numbers(demo.Lines).ShouldBe(new[] { 1, 2, 3, 4, 5 });
    }

    [Fact]
    public async Task The_typed_demo_filters_by_topic_key_and_streams_warnings()
    {
        using var demo = Programs.Sample("PubSub", "typed");

        (await demo.WaitForExitAsync(Programs.Wait)).ShouldBe(0, demo.Errors);

        var cities = demo.Lines.Where(static l => l.Contains("°C")).ToList();
        cities.Count.ShouldBe(2);
        cities.ShouldAllBe(static l => l.StartsWith("Beijing: "));
        demo.Lines.ShouldContain("warning: end of feed");
        demo.Lines.ShouldContain("[stream] warning: end of feed");
        demo.Lines.ShouldContain("Beijing subscriber: 2 readings, 0 missed");
    }

    [Fact]
    public async Task The_seed_subscriber_py_receives_everything_from_the_typed_publisher()
    {
        using var publisher = Programs.Sample("PubSub", "publisher", "tcp://127.0.0.1:*", "--count", "20", "--interval-ms", "5", "--wait-subscribers", "1");
        var endpoint = Programs.EndpointIn(await publisher.WaitForLineAsync(static l => l.StartsWith("发布者启动"), Programs.Wait));

        using var subscriber = Programs.SeedScript("subscriber.py", endpoint, receiveTimeoutMs: 3000);

        (await publisher.WaitForExitAsync(Programs.Wait)).ShouldBe(0, publisher.Errors);
        await subscriber.WaitForLineAsync(static l => l == "ZC_RECEIVE_TIMEOUT", Programs.Wait);
        subscriber.Lines[0].ShouldBe("订阅者一号启动....");
        Numbers(subscriber.Lines).ShouldBe(Enumerable.Range(1, 20));
    }

    [Fact]
    public async Task The_typed_subscriber_receives_from_the_seed_publisher_py()
    {
        var environment = new Dictionary<string, string>
        {
            ["ZC_ENDPOINT"] = "tcp://127.0.0.1:*",
            ["ZC_SLEEP"] = "0.02",
            ["ZC_COUNT"] = "150",
        };
        using var publisher = Programs.PythonScript("seed_runner.py", new[] { Path.Combine(AppContext.BaseDirectory, "Seed", "publisher.py") }, environment);
        var endpoint = (await publisher.WaitForLineAsync(static l => l.StartsWith("ZC_BOUND "), Programs.Wait)).Substring("ZC_BOUND ".Length);

        using var subscriber = Programs.Sample("PubSub", "subscriber", endpoint);

        // A PUB socket sends nothing before the subscription arrives (the seed's slow joiner): the first messages are
        // lost, and everything from the first received one to the last must arrive.
        await subscriber.WaitForLineAsync(static l => l.Contains("第150个消息"), Programs.Wait);
        (await publisher.WaitForExitAsync(Programs.Wait)).ShouldBe(0, publisher.Errors);
        var numbers = Numbers(subscriber.Lines);
        numbers.ShouldNotBeEmpty();
        numbers.ShouldBe(Enumerable.Range(numbers[0], 150 - numbers[0] + 1));
    }

    [Fact]
    public async Task A_python_subscriber_written_from_the_protocol_document_reads_typed_topics_keys_and_stamps()
    {
        using var publisher = Programs.Sample("PubSub", "typed-publisher", "tcp://127.0.0.1:*", "--count", "9", "--interval-ms", "5", "--wait-subscribers", "1");
        var endpoint = Programs.EndpointIn(await publisher.WaitForLineAsync(static l => l.StartsWith("typed publisher on"), Programs.Wait));

        using var peer = Programs.PythonScript("pubsub_peer.py", new[] { "subscribe", endpoint, "3" });

        (await peer.WaitForExitAsync(Programs.Wait)).ShouldBe(0, peer.Errors);
        (await publisher.WaitForExitAsync(Programs.Wait)).ShouldBe(0, publisher.Errors);

        // Readings 1, 4 and 7 are Beijing's; the sequence counts per topic and key, so it is 1, 2, 3.
        var lines = peer.Lines.Select(static l => l.Split(' ')).ToList();
        lines.Select(static l => l[0]).ShouldBe(new[] { "temp/Beijing", "temp/Beijing", "temp/Beijing" });
        lines.Select(static l => l[1]).ShouldBe(new[] { "1", "2", "3" });
        lines.Select(static l => l[3]).ShouldBe(new[] { "1", "4", "7" });
    }

    [Theory]
    [InlineData("plain")]   // [topic] [body], as any pyzmq publisher sends: no stamps, no gap tracking
    [InlineData("stamped")]
    public async Task The_typed_subscriber_reads_a_python_publisher_written_from_the_protocol_document(string kind)
    {
        var arguments = kind == "stamped" ? new[] { "publish", "tcp://127.0.0.1:*", "--stamp" } : new[] { "publish", "tcp://127.0.0.1:*" };
        using var peer = Programs.PythonScript("pubsub_peer.py", arguments);
        var endpoint = (await peer.WaitForLineAsync(static l => l.StartsWith("BOUND "), Programs.Wait)).Substring("BOUND ".Length);

        using var subscriber = Programs.Sample("PubSub", "typed-subscriber", endpoint, "--count", "10");

        (await subscriber.WaitForExitAsync(Programs.Wait)).ShouldBe(0, subscriber.Errors);
        // The handler may print a reading or two more while the program stops; the first ten are what it waited for.
        var readings = subscriber.Lines.Where(static l => l.Contains("°C")).ToList();
        readings.Count.ShouldBeGreaterThanOrEqualTo(10);
        readings.ShouldAllBe(static l => l.StartsWith("Beijing: "));
        var numbers = readings.Select(static l => int.Parse(Regex.Match(l, @"reading ([0-9]+)\)").Groups[1].Value)).ToList();
        numbers.ShouldBe(Enumerable.Range(numbers[0], numbers.Count));
        subscriber.Lines.ShouldContain(static l => Regex.IsMatch(l, @"^Beijing subscriber: [0-9]+ readings, 0 missed$"));
    }

    /// <summary>The message numbers in the subscriber's lines, each checked against the seed's wording.</summary>
    private static List<int> Numbers(IEnumerable<string> lines) =>
        lines.Where(static l => l.StartsWith(Received)).Select(static l =>
        {
            var match = SeedMessage().Match(l.Substring(Received.Length));
            match.Success.ShouldBeTrue($"'{l}' is not the seed's message");
            int.Parse(match.Groups["t"].Value).ShouldBeInRange(-10, 40);
            return int.Parse(match.Groups["n"].Value);
        }).ToList();

    [GeneratedRegex(@"^我是publisher, 这是我发布给你们的第(?<n>[0-9]+)个消息!今日温度(?<t>-?[0-9]+)$")]
    private static partial Regex SeedMessage();
}
