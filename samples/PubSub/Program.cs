using System;
using System.Threading;
using System.Threading.Tasks;
using PubSub;
using ZeroContracts;

// PubSub [both|publisher|subscriber|typed] [endpoint] [--count N] [--interval-ms N] [--wait-subscribers N]
//   both        (default) a publisher and a subscriber in one process, on a free loopback port
//   publisher   publishes like the seed's publisher.py (default tcp://*:5555, 1000 messages every 0.1 s)
//   subscriber  prints what it receives like the seed's subscriber.py (default tcp://localhost:5555) until Ctrl+C
//               or --count messages
//   typed       a typed feed with topic keys: a subscriber filtered to Beijing, and a stream of warnings
//   typed-publisher   publishes --count readings for Beijing, Shanghai and Guangzhou (default tcp://*:5556)
//   typed-subscriber  prints --count readings for Beijing only (default tcp://localhost:5556)
var mode = args.Length > 0 && !args[0].StartsWith("--") ? args[0] : "both";
var endpoint = args.Length > 1 && !args[1].StartsWith("--") ? args[1] : null;
var interval = TimeSpan.FromMilliseconds(IntOption("--interval-ms", 100));
var waitFor = IntOption("--wait-subscribers", 0);

switch (mode)
{
    case "publisher":
        await PublishAsync(endpoint ?? "tcp://*:5555", IntOption("--count", 1000), waitFor);
        break;
    case "subscriber":
        await SubscribeAsync(endpoint ?? "tcp://localhost:5555", IntOption("--count", int.MaxValue));
        break;
    case "both":
    {
        var count = IntOption("--count", 10);
        var publisher = new SeedFeedPublisher(endpoint ?? "tcp://127.0.0.1:*");
        await using (publisher)
        {
            var subscribing = SubscribeAsync(publisher.Endpoint, count);
            await PublishWithAsync(publisher, count, waitForSubscribers: 1);
            await subscribing;
        }

        break;
    }
    case "typed":
        await TypedAsync(IntOption("--count", 6));
        break;
    case "typed-publisher":
        await TypedPublishAsync(endpoint ?? "tcp://*:5556", IntOption("--count", 30), waitFor);
        break;
    case "typed-subscriber":
        await TypedSubscribeAsync(endpoint ?? "tcp://localhost:5556", IntOption("--count", 10));
        break;
    default:
        Console.Error.WriteLine("usage: PubSub [both|publisher|subscriber|typed|typed-publisher|typed-subscriber] [endpoint] [--count N] [--interval-ms N] [--wait-subscribers N]");
        return 2;
}

return 0;

async Task PublishAsync(string at, int count, int waitForSubscribers)
{
    await using var publisher = new SeedFeedPublisher(at);
    await PublishWithAsync(publisher, count, waitForSubscribers);
}

// The seed's loop: sleep, pick a temperature, publish. Waiting for subscribers first answers the slow-joiner problem
// the seed describes (a PUB socket sends nothing to a subscriber whose subscription has not arrived yet).
async Task PublishWithAsync(SeedFeedPublisher publisher, int count, int waitForSubscribers)
{
    Console.WriteLine($"发布者启动..... ({publisher.Endpoint})");
    if (waitForSubscribers > 0 && !await publisher.WaitForSubscribersAsync(waitForSubscribers, TimeSpan.FromSeconds(30)))
    {
        Console.Error.WriteLine($"no {waitForSubscribers} subscriber(s) within 30 s; publishing anyway");
    }

    for (var i = 0; i < count; i++)
    {
        await Task.Delay(interval);
        var temperature = Random.Shared.Next(-10, 41);
        publisher.Publish($"我是publisher, 这是我发布给你们的第{i + 1}个消息!今日温度{temperature}");
    }

    // Give the socket a moment to write the last message before it closes (the seed's script simply keeps running).
    await Task.Delay(200);
}

async Task SubscribeAsync(string at, int count)
{
    var printer = new SeedPrinter(count);
    await using var subscriber = new SeedFeedSubscriber(printer, at);
    Console.WriteLine("订阅者一号启动....");
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stop.Cancel();
    };
    subscriber.Start();
    try
    {
        await printer.Finished.WaitAsync(stop.Token);
    }
    catch (OperationCanceledException)
    {
        // Ctrl+C.
    }
}

async Task TypedAsync(int count)
{
    await using var publisher = new WeatherFeedPublisher("tcp://127.0.0.1:*");
    Console.WriteLine($"typed publisher on {publisher.Endpoint}");

    // Only Beijing's readings, and the warnings: ZeroMQ filters the rest out on the publisher's side.
    var beijing = new CityPrinter();
    await using var subscriber = new WeatherFeedSubscriber(beijing, publisher.Endpoint, null,
        WeatherFeedSubscriber.Topics.Temperature("Beijing"),
        WeatherFeedSubscriber.Topics.Warn());
    subscriber.Start();

    // The warnings once more, pulled with await foreach.
    using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
    var warnings = Task.Run(async () =>
    {
        await foreach (var warning in WeatherFeedSubscriber.StreamWarnAsync(publisher.Endpoint, cancellationToken: stop.Token))
        {
            Console.WriteLine($"[stream] warning: {warning.Text}");
            if (warning.Text == "end of feed") break;
        }
    });

    await publisher.WaitForSubscribersAsync(2, TimeSpan.FromSeconds(30));
    string[] cities = { "Beijing", "Shanghai", "Guangzhou" };
    for (var i = 0; i < count; i++)
    {
        publisher.Temperature(cities[i % cities.Length], new Reading(Random.Shared.Next(-10, 41), i + 1));
    }

    publisher.Warn(new Warning("end of feed"));
    await warnings;
    await beijing.Ended.WaitAsync(TimeSpan.FromSeconds(30));
    Console.WriteLine($"Beijing subscriber: {beijing.Readings} readings, {subscriber.Statistics.Missed} missed");
}

async Task TypedPublishAsync(string at, int count, int waitForSubscribers)
{
    await using var publisher = new WeatherFeedPublisher(at);
    Console.WriteLine($"typed publisher on {publisher.Endpoint}");
    if (waitForSubscribers > 0) await publisher.WaitForSubscribersAsync(waitForSubscribers, TimeSpan.FromSeconds(30));
    string[] cities = { "Beijing", "Shanghai", "Guangzhou" };
    for (var i = 0; i < count; i++)
    {
        await Task.Delay(interval);
        publisher.Temperature(cities[i % cities.Length], new Reading(Random.Shared.Next(-10, 41), i + 1));
    }

    await Task.Delay(200);
}

async Task TypedSubscribeAsync(string at, int count)
{
    var beijing = new CityPrinter(count);
    await using var subscriber = new WeatherFeedSubscriber(beijing, at, null, WeatherFeedSubscriber.Topics.Temperature("Beijing"));
    subscriber.Start();
    Console.WriteLine("typed subscriber started (Beijing)");
    await beijing.Counted.WaitAsync(TimeSpan.FromSeconds(60));
    Console.WriteLine($"Beijing subscriber: {beijing.Readings} readings, {subscriber.Statistics.Missed} missed");
}

int IntOption(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
}
