using System.Collections.Concurrent;
using NetMQ;
using NetMQ.Sockets;
using ZeroContracts.Rpc;
using ZeroContracts.Runtime.Tests.Support;
using static ZeroContracts.Runtime.Tests.Support.RawPeer;

namespace ZeroContracts.Runtime.Tests;

/// <summary>
/// A reply whose client's send queue is full waits in the server and goes out when the queue has room (HeldReplies):
/// a plain ROUTER would drop it. The client here is a raw DEALER that sends many calls with large replies and reads
/// none until the server has answered them all, so the replies fill the loopback connection, then the queue.
/// </summary>
public sealed class HeldReplyTests
{
    private const int Calls = 96;
    private const int ReplySize = 256 * 1024;

    private static readonly OperationTable<Service> Operations = new OperationTable<Service>("Tests.IHeld", Framing.Typed)
        .Add("Fill", static (_, call) =>
        {
            call.WriteResult(new string('x', call.ReadBody<int>()));
            return ValueTask.CompletedTask;
        });

    [Fact]
    public async Task Replies_to_a_client_whose_queue_is_full_wait_and_all_arrive_when_it_reads()
    {
        var events = new ConcurrentQueue<ServerEvent>();
        var service = new Service();
        await using var server = Serve(service, new ServerOptions { SendHighWaterMark = 2, OnEvent = events.Enqueue });
        using var client = SlowReader(server.Endpoint);

        for (uint id = 1; id <= Calls; id++) Send(client, RequestId(id), [], Compact("Fill", $"{ReplySize}"));
        WaitUntilAllAnswered(server);
        server.PeakHeldReplies.ShouldBeGreaterThan(0, "the scenario never filled the client's queue");

        var answered = ReceiveReplies(client, Calls);

        answered.ShouldBe(Enumerable.Range(1, Calls).Select(id => (uint)id), ignoreOrder: true);
        events.ShouldNotContain(e => e.Kind == ServerEventKind.ReplyDropped);
    }

    [Fact]
    public async Task Replies_beyond_MaxHeldReplies_are_dropped_and_reported_and_the_rest_arrive()
    {
        var events = new ConcurrentQueue<ServerEvent>();
        var service = new Service();
        await using var server = Serve(service, new ServerOptions { SendHighWaterMark = 2, MaxHeldReplies = 3, OnEvent = events.Enqueue });
        using var client = SlowReader(server.Endpoint);

        for (uint id = 1; id <= Calls; id++) Send(client, RequestId(id), [], Compact("Fill", $"{ReplySize}"));
        WaitUntilAllAnswered(server);

        var dropped = events.Count(e => e.Kind == ServerEventKind.ReplyDropped);
        dropped.ShouldBeGreaterThan(0, "the scenario never went past the limit");
        events.ShouldAllBe(e => e.Kind == ServerEventKind.ReplyDropped && e.Operation == "Fill" && e.Message.Contains("not taking its replies"));

        // Everything not reported arrives, each call once; then the same client is answered as before.
        var answered = ReceiveReplies(client, Calls - dropped);
        answered.Distinct().Count().ShouldBe(Calls - dropped);
        Send(client, RequestId(1000), [], Compact("Fill", "3"));
        ReceiveReplies(client, 1).ShouldBe([1000u]);
    }

    [Fact]
    public async Task Held_replies_of_a_client_that_disconnects_are_dropped_and_reported_and_others_are_served()
    {
        var events = new ConcurrentQueue<ServerEvent>();
        var service = new Service();
        await using var server = Serve(service, new ServerOptions { SendHighWaterMark = 2, OnEvent = events.Enqueue });
        using (var client = SlowReader(server.Endpoint))
        {
            for (uint id = 1; id <= Calls; id++) Send(client, RequestId(id), [], Compact("Fill", $"{ReplySize}"));
            WaitUntilAllAnswered(server);
            server.PeakHeldReplies.ShouldBeGreaterThan(0, "the scenario never filled the client's queue");
        }

        // The server learns of the disconnection on a retry: the mailbox wakes it, or its retry timer does.
        SpinWait.SpinUntil(() => events.Any(e => e.Kind == ServerEventKind.ReplyDropped), Bounded.Wait).ShouldBeTrue("no drop was reported");
        events.ShouldAllBe(e => e.Kind == ServerEventKind.ReplyDropped && e.Message.Contains("disconnected"));

        using var other = new DealerSocket(server.Endpoint);
        Send(other, RequestId(7), [], Compact("Fill", "2"));
        Receive(other).ShouldBe([RequestId(7), [], Compact("ok", "xx")]);
    }

    [Fact]
    public void MaxHeldReplies_must_not_be_negative()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new ServerOptions { MaxHeldReplies = -1 }.Validate());
    }

    private static RpcServer<Service> Serve(Service service, ServerOptions options)
    {
        var server = new RpcServer<Service>(service, "tcp://127.0.0.1:*", Operations, options);
        server.Start();
        return server;
    }

    /// <summary>A DEALER with the smallest queues, so that what the server sends stays in the server.</summary>
    private static DealerSocket SlowReader(string endpoint)
    {
        var client = new DealerSocket();
        client.Options.ReceiveHighWatermark = 1;
        client.Options.ReceiveBuffer = 16 * 1024;
        client.Options.Linger = TimeSpan.Zero;
        client.Connect(endpoint);
        return client;
    }

    /// <summary>Waits until every call's reply has been sent, held or dropped.</summary>
    private static void WaitUntilAllAnswered(RpcServer<Service> server) =>
        SpinWait.SpinUntil(() => server.RepliesDone == Calls, Bounded.Wait).ShouldBeTrue("the replies were not all handed over");

    /// <summary>Receives <paramref name="count"/> replies, each checked whole, and returns their call ids.</summary>
    private static List<uint> ReceiveReplies(DealerSocket client, int count)
    {
        var ids = new List<uint>();
        for (var i = 0; i < count; i++)
        {
            var reply = Receive(client);
            reply.Count.ShouldBe(3);
            reply[1].ShouldBeEmpty();
            var (status, body) = SplitCompact(reply[2]);
            status.ShouldBe("ok");
            var id = (uint)(reply[0][0] << 24 | reply[0][1] << 16 | reply[0][2] << 8 | reply[0][3]);
            body.Length.ShouldBe(id == 1000 ? 3 : ReplySize);
            ids.Add(id);
        }

        return ids;
    }

    private sealed class Service
    {
    }
}
