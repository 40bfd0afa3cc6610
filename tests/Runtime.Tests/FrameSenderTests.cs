using NetMQ;
using NetMQ.Sockets;
using ZeroContracts;
using ZeroContracts.Rpc;
using ZeroContracts.Runtime.Tests.Support;
using ZeroContracts.Transport;

namespace ZeroContracts.Runtime.Tests;

/// <summary>
/// FrameSender sends a message's first frame through NetMQ's public send, which checks the socket's command mailbox, and
/// the frames that continue it straight through the socket's own send step (SocketSteps), or, where NetMQ's
/// internals are not found, every frame through the public send: on both paths messages arrive whole and in order.
/// </summary>
public sealed class FrameSenderTests
{
    private static readonly byte[] Empty = [];

    [Fact]
    public void The_internals_for_continuation_frames_are_found_for_every_socket_type_that_sends()
    {
        // If a NetMQ update moves them, messages still go out (the fallback) but each frame checks the mailbox: this says so.
        SocketSteps.IsAvailable.ShouldBeTrue();
        using var dealer = new DealerSocket();
        using var router = new RouterSocket();
        using var publisher = new XPublisherSocket();
        using var pusher = new PushSocket();
        foreach (NetMQSocket socket in new NetMQSocket[] { dealer, router, publisher, pusher })
        {
            new FrameSender(socket).ContinuesWithoutCommands.ShouldBeTrue(socket.GetType().Name);
            new FrameSender(socket, useInternals: false).ContinuesWithoutCommands.ShouldBeFalse(socket.GetType().Name);
        }
    }

    [Fact]
    public async Task A_typed_call_sends_every_frame_after_the_first_without_a_mailbox_check_on_both_sides()
    {
        using var server = new RpcServer<object>(new object(), "tcp://127.0.0.1:*", EchoOperations, null);
        server.Start();
        using var client = new RpcClient(server.Endpoint, Framing.Typed, null);

        (await Echo(client, "connected")).ShouldBe("connected");
        var (clientBefore, serverBefore) = (client.ContinuationFrames, server.ContinuationFrames);
        (await Echo(client, "hello")).ShouldBe("hello");

        // The request is [call id][][operation 0xFF body], the reply [client identity][call id][][status 0xFF body]
        // (docs/protocol.md 2): all but the first frame of each go out without a check.
        (client.ContinuationFrames - clientBefore).ShouldBe(2);
        (server.ContinuationFrames - serverBefore).ShouldBe(3);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Large_and_empty_frames_arrive_whole_and_in_order(bool useInternals)
    {
        using var router = new RouterSocket();
        using var dealer = new DealerSocket();
        var port = router.BindRandomPort("tcp://127.0.0.1");
        dealer.Connect($"tcp://127.0.0.1:{port}");
        var sender = new FrameSender(dealer, useInternals);

        var random = new Random(7);
        var large = new byte[1 << 20];
        var medium = new byte[300_000];
        random.NextBytes(large);
        random.NextBytes(medium);
        byte[][] frames = [large, Empty, medium, [42]];

        for (var message = 0; message < 3; message++)
        {
            for (var i = 0; i < frames.Length; i++)
            {
                sender.TrySend(frames[i], more: i < frames.Length - 1).ShouldBeTrue($"frame {i} of message {message}");
            }
        }

        for (var message = 0; message < 3; message++)
        {
            var received = ReceiveMessage(router);
            received.Count.ShouldBe(frames.Length + 1, "the identity and the frames");
            for (var i = 0; i < frames.Length; i++) received[i + 1].ShouldBe(frames[i], $"frame {i} of message {message}");
        }

        sender.ContinuationFrames.ShouldBe(useInternals ? 3 * (frames.Length - 1) : 0);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void When_the_queue_is_full_a_message_is_refused_at_its_first_frame_and_every_accepted_one_arrives_whole(bool useInternals)
    {
        var endpoint = Transports.BindAddress("inproc");
        using var router = new RouterSocket();
        router.Options.ReceiveHighWatermark = 2;
        router.Bind(endpoint);
        using var dealer = new DealerSocket();
        dealer.Options.SendHighWatermark = 2;
        dealer.Connect(endpoint);
        var sender = new FrameSender(dealer, useInternals);

        var accepted = SendUntilRefused(sender, first: 0);
        accepted.ShouldBeGreaterThan(0);
        accepted.ShouldBeLessThan(100, "the queue never filled");

        // Drained: the refused message left nothing behind, and the queue takes messages again.
        for (var i = 0; i < accepted; i++) ShouldBeFrames(ReceiveMessage(router).Skip(1).ToList(), Message(i));
        router.TrySkipFrame().ShouldBeFalse("part of the refused message arrived");

        var next = SendUntilAccepted(sender, accepted);
        ShouldBeFrames(ReceiveMessage(router).Skip(1).ToList(), Message(next));
        sender.ContinuationFrames.ShouldBe(useInternals ? 2 * (accepted + 1) : 0);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_router_drops_a_message_to_an_unknown_peer_whole_and_the_next_one_arrives(bool useInternals)
    {
        using var router = new RouterSocket();
        using var dealer = new DealerSocket();
        var identity = Connect(router, dealer);
        var sender = new FrameSender(router, useInternals);

        SendToPeer(sender, [0xde, 0xad], "lost").ShouldBeTrue();
        SendToPeer(sender, identity, "found").ShouldBeTrue();

        var received = ReceiveMessage(dealer);
        received.Count.ShouldBe(2);
        received[0].ShouldBe(Empty);
        System.Text.Encoding.UTF8.GetString(received[1]).ShouldBe("found");
        dealer.TrySkipFrame().ShouldBeFalse("part of the dropped message arrived");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_mandatory_router_refuses_a_vanished_peer_at_the_first_frame_and_keeps_sending_to_the_others(bool useInternals)
    {
        using var router = new RouterSocket();
        router.Options.RouterMandatory = true;
        using var live = new DealerSocket();
        var liveIdentity = Connect(router, live);
        var sender = new FrameSender(router, useInternals);

        // A peer the ROUTER has never seen.
        Should.Throw<HostUnreachableException>(() => SendToPeer(sender, [0xde, 0xad], "never seen"));

        // A peer that was there and left: the ROUTER learns it by a command, processed at some first frame; until then
        // messages to it are queued or refused as full, never cut off mid-message.
        var gone = new DealerSocket();
        var goneIdentity = Connect(router, gone);
        gone.Dispose();
        var deadline = DateTime.UtcNow + Bounded.Wait;
        var unreachable = false;
        while (!unreachable)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the ROUTER never learnt that its peer left");
            try
            {
                SendToPeer(sender, goneIdentity, "gone");
            }
            catch (HostUnreachableException)
            {
                unreachable = true;
            }
        }

        SendToPeer(sender, liveIdentity, "still here").ShouldBeTrue();
        var received = ReceiveMessage(live);
        received.Count.ShouldBe(2);
        System.Text.Encoding.UTF8.GetString(received[1]).ShouldBe("still here");
        live.TrySkipFrame().ShouldBeFalse("part of another message arrived");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_publisher_sends_topic_and_body_as_one_message(bool useInternals)
    {
        using var publisher = new XPublisherSocket();
        using var subscriber = new SubscriberSocket();
        var port = publisher.BindRandomPort("tcp://127.0.0.1");
        subscriber.Connect($"tcp://127.0.0.1:{port}");
        subscriber.Subscribe("t");
        publisher.TryReceiveFrameBytes(Bounded.Wait, out _).ShouldBeTrue("the subscription never arrived");
        var sender = new FrameSender(publisher, useInternals);

        var body = new byte[200_000];
        new Random(3).NextBytes(body);
        sender.TrySend("other"u8, more: true).ShouldBeTrue();
        sender.TrySend(body, more: false).ShouldBeTrue();
        sender.TrySend("t"u8, more: true).ShouldBeTrue();
        sender.TrySend(body, more: false).ShouldBeTrue();

        var received = ReceiveMessage(subscriber);
        received.Count.ShouldBe(2);
        received[0].ShouldBe("t"u8.ToArray());
        received[1].ShouldBe(body);
        subscriber.TrySkipFrame().ShouldBeFalse("the unsubscribed message arrived");
        sender.ContinuationFrames.ShouldBe(useInternals ? 2 : 0);
    }

    private static readonly OperationTable<object> EchoOperations = new OperationTable<object>("Tests.IFrameSender", Framing.Typed)
        .Add("Echo", static (_, call) =>
        {
            call.WriteResult(call.ReadBody<string>());
            return ValueTask.CompletedTask;
        });

    private static async Task<string> Echo(RpcClient client, string text)
    {
        var call = client.CreateCall("Echo");
        call.WriteBody(text);
        return await client.CallAsync<string>(call, CancellationToken.None).AsTask().Within();
    }

    /// <summary>[number][][number as text]: three frames, so two continue the message.</summary>
    private static List<byte[]> Message(int number) =>
        [BitConverter.GetBytes(number), Empty, System.Text.Encoding.UTF8.GetBytes(number.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    private static void ShouldBeFrames(List<byte[]> actual, List<byte[]> expected)
    {
        actual.Count.ShouldBe(expected.Count);
        for (var i = 0; i < expected.Count; i++) actual[i].ShouldBe(expected[i], $"frame {i}");
    }

    private static bool TrySendMessage(FrameSender sender, int number)
    {
        var frames = Message(number);
        if (!sender.TrySend(frames[0], more: true)) return false;
        sender.TrySend(frames[1], more: true).ShouldBeTrue("a continuation frame was refused");
        sender.TrySend(frames[2], more: false).ShouldBeTrue("a continuation frame was refused");
        return true;
    }

    private static int SendUntilRefused(FrameSender sender, int first)
    {
        var number = first;
        while (number - first < 100 && TrySendMessage(sender, number)) number++;
        return number - first;
    }

    private static int SendUntilAccepted(FrameSender sender, int number)
    {
        // The reader tells the writer it has read by a command, which the next first frame's mailbox check processes.
        var deadline = DateTime.UtcNow + Bounded.Wait;
        while (!TrySendMessage(sender, number)) DateTime.UtcNow.ShouldBeLessThan(deadline, "the drained queue never took a message again");
        return number;
    }

    private static bool SendToPeer(FrameSender sender, byte[] identity, string text)
    {
        if (!sender.TrySend(identity, more: true)) return false;
        sender.TrySend(Empty, more: true).ShouldBeTrue("a continuation frame was refused");
        sender.TrySend(System.Text.Encoding.UTF8.GetBytes(text), more: false).ShouldBeTrue("a continuation frame was refused");
        return true;
    }

    /// <summary>Connects <paramref name="dealer"/> to <paramref name="router"/>; returns the identity the ROUTER knows it by.</summary>
    private static byte[] Connect(RouterSocket router, DealerSocket dealer)
    {
        var endpoint = Transports.BindAddress("inproc");
        router.Bind(endpoint);
        dealer.Connect(endpoint);
        dealer.SendFrame("hello");
        var hello = ReceiveMessage(router);
        hello.Count.ShouldBe(2);
        return hello[0];
    }

    private static List<byte[]> ReceiveMessage(NetMQSocket socket)
    {
        var frames = new List<byte[]>();
        socket.TryReceiveMultipartBytes(Bounded.Wait, ref frames!).ShouldBeTrue("no message arrived");
        return frames;
    }
}
