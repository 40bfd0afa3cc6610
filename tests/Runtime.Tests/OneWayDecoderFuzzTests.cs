using CsCheck;
using NetMQ;
using NetMQ.Sockets;
using ZeroContracts.Runtime.Tests.Contracts;
using ZeroContracts.Runtime.Tests.Support;
using static ZeroContracts.Runtime.Tests.Support.RawPeer;

namespace ZeroContracts.Runtime.Tests;

/// <summary>
/// Hostile bytes into the decoders of published and pushed messages: random and half-valid multipart messages never
/// stop a subscriber or a puller, and a valid message sent afterwards is still handled (the shape of libzmq's fuzzers).
/// </summary>
public sealed class OneWayDecoderFuzzTests
{
    private const int Marker = 424242;

    [Fact]
    public async Task Random_published_messages_never_stop_a_subscriber()
    {
        using var raw = new XPublisherSocket();
        var port = raw.BindRandomPort("tcp://127.0.0.1");
        var recorder = new FeedRecorder();
        await using var subscriber = new TemperatureFeedSubscriber(recorder, $"tcp://127.0.0.1:{port}");
        subscriber.Start();
        WaitForSubscription(raw, "count");

        // Topic frames that pass the subscriptions (so the decoders behind them are reached) and ones that do not.
        var topic = Gen.OneOf(
            Gen.OneOf<string>("temp", "temp/", "temp/Oslo", "alert", "zone/North", "zone/Nowhere", "zone/1", "count", "counter", "nope").Select(Utf8),
            Gen.Byte.Array[0, 12]);
        // After the topic text: nothing (unstamped), a stamp trailer, or 0xFF and a trailer of any size.
        var trailer = Gen.OneOf(
            Gen.Const(Array.Empty<byte>()),
            Gen.ULong.Select(static sequence => Stamped(Array.Empty<byte>(), 0x5a43, sequence)),
            Gen.Byte.Array[0, 20].Select(static bytes => new byte[] { 0xFF }.Concat(bytes).ToArray()));
        var topicFrame = Gen.Select(topic, trailer, static (t, s) => t.Concat(s).ToArray());
        var body = Gen.OneOf(
            Gen.Byte.Array[0, 40],
            Gen.OneOf<string>("1", "-7", "{}", """{"celsius":1.5,"sequence":2}""", """{"text":"x","level":3}""", "null", "[", "1e999", "\"\\u0000\"").Select(Utf8));
        var message = Gen.Select(topicFrame, body.Array[0, 3], static (t, b) => new[] { t }.Concat(b).ToArray());

        message.Sample(frames => Send(raw, frames), iter: 400, threads: 1);
        Send(raw, Stamped(Utf8("count"), 0x5a43, long.MaxValue), Utf8(Marker.ToString()));

        await recorder.UntilAsync(static c => c == $"Count {Marker}");
        subscriber.Statistics.Malformed.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Random_pushed_messages_never_stop_a_puller()
    {
        using var raw = new PushSocket();
        var port = raw.BindRandomPort("tcp://127.0.0.1");
        var worker = new Worker();
        await using var puller = new WorkPuller(worker, $"tcp://127.0.0.1:{port}");
        puller.Start();

        var name = Gen.OneOf(
            Gen.OneOf<string>("Do", "Add", "Fail", "~1 Do", "~2 Do", "~", "Nope", "").Select(Utf8),
            Gen.Byte.Array[0, 12]);

        // The body after 0xFF in the operation frame (docs/protocol.md 6.1), or none.
        var carried = Gen.OneOf(
            Gen.Const(Array.Empty<byte>()),
            Gen.OneOf(Gen.Byte.Array[0, 20], Gen.OneOf<string>("1", "{}", """{"id":1,"label":"x"}""", "[").Select(Utf8)).Select(static b => new byte[] { 0xFF }.Concat(b).ToArray()));
        var header = Gen.Select(name, carried, static (n, c) => n.Concat(c).ToArray());
        var body = Gen.OneOf(
            Gen.Byte.Array[0, 40],
            Gen.OneOf<string>("1", "{}", """{"id":1,"label":"x"}""", """{"id":"x"}""", "null", "[", "1e999").Select(Utf8));
        var message = Gen.Select(header, body.Array[0, 3], static (h, b) => new[] { h }.Concat(b).ToArray());

        message.Sample(frames => Send(raw, frames), iter: 400, threads: 1);
        Send(raw, Utf8("Do"), Utf8(Marker.ToString()));

        using var timeout = new CancellationTokenSource(Bounded.Wait);
        while (!worker.Ids.Contains(Marker)) await worker.Done.WaitAsync(timeout.Token);
        puller.Statistics.Malformed.ShouldBeGreaterThan(0);
    }

    /// <summary>Reads the XPUB socket's subscription messages until the subscriber has subscribed to <paramref name="topic"/>.</summary>
    private static void WaitForSubscription(XPublisherSocket publisher, string topic)
    {
        var expected = new byte[] { 1 }.Concat(Utf8(topic)).ToArray();
        while (true)
        {
            publisher.TryReceiveFrameBytes(Wait, out var frame).ShouldBeTrue($"no subscription to '{topic}' arrived");
            if (frame!.AsSpan().StartsWith(expected)) return;
        }
    }
}
