using NetMQ;
using NetMQ.Sockets;
using ZeroContracts.Rpc;
using ZeroContracts.Runtime.Tests.Support;
using ZeroContracts.Transport;

namespace ZeroContracts.Runtime.Tests;

/// <summary>
/// ReceivedMessage skips NetMQ's mailbox check on the receive after a message, which ends every drain before a wait:
/// the wait must still wake for what arrives next, since a command not yet processed keeps the mailbox readable.
/// </summary>
public sealed class QuietReceiveTests
{
    private static readonly long WaitMs = (long)Bounded.Wait.TotalMilliseconds;

    private static readonly OperationTable<object> EchoOperations = new OperationTable<object>("Tests.IQuiet", Framing.Typed)
        .Add("Echo", static (_, call) =>
        {
            call.WriteResult(call.ReadBody<string>());
            return ValueTask.CompletedTask;
        });

    [Fact]
    public async Task Calls_one_at_a_time_are_all_answered_and_each_side_ends_its_drains_without_a_mailbox_check()
    {
        using var server = new RpcServer<object>(new object(), "tcp://127.0.0.1:*", EchoOperations, null);
        server.Start();
        using var client = new RpcClient(server.Endpoint, Framing.Typed, null);

        // Each call's request and reply arrive after the other side has drained its socket and waits: a wake-up lost
        // after a quiet receive would leave a call unanswered.
        for (var i = 0; i < 300; i++)
        {
            var call = client.CreateCall("Echo");
            call.WriteBody($"call {i}");
            (await client.CallAsync<string>(call, CancellationToken.None).AsTask().Within()).ShouldBe($"call {i}");
        }

        client.QuietReceiveMisses.ShouldBeGreaterThan(0);
        server.QuietReceiveMisses.ShouldBeGreaterThan(0);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_message_that_arrives_after_a_drain_wakes_the_wait_and_is_received(bool quietly)
    {
        using var router = new RouterSocket();
        using var dealer = new DealerSocket();
        using var inbox = new SocketInbox<int>();
        var port = router.BindRandomPort("tcp://127.0.0.1");
        dealer.Connect($"tcp://127.0.0.1:{port}");
        var wait = new SocketWait(router, inbox.WaitHandle);
        var received = new ReceivedMessage { ReceivesQuietly = quietly };

        for (var round = 0; round < 50; round++)
        {
            dealer.SendMoreFrame("r").SendFrame($"{round}");
            dealer.SendMoreFrame("r").SendFrame($"{round} again");

            // Wait until both are in, draining as an owner does before each wait; a wait that is not woken runs out
            // its whole bound, which only a lost wake-up takes, and receives that never see the messages spin until it is up.
            var got = new List<string>();
            var roundStarted = System.Diagnostics.Stopwatch.GetTimestamp();
            while (got.Count < 2)
            {
                wait.Wait(WaitMs);
                (System.Diagnostics.Stopwatch.GetElapsedTime(roundStarted) < Bounded.Wait).ShouldBeTrue($"round {round}: the messages were not received");
                while (received.TryReceive(router)) got.Add(System.Text.Encoding.UTF8.GetString(received[2]));
            }

            got.ShouldBe([$"{round}", $"{round} again"]);
        }

        if (quietly) received.QuietMisses.ShouldBeGreaterThan(0);
        else received.QuietMisses.ShouldBe(0);
    }
}
