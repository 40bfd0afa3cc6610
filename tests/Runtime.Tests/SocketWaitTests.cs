using NetMQ;
using NetMQ.Sockets;
using ZeroContracts.Runtime.Tests.Support;
using ZeroContracts.Transport;

namespace ZeroContracts.Runtime.Tests;

/// <summary>
/// The wait of a socket thread without a NetMQPoller: SocketInbox wakes it through a plain socket, SocketWait waits on
/// that and a NetMQ socket, by one select on the socket's mailbox or, where that is not found, through NetMQSelector.
/// </summary>
public sealed class SocketWaitTests
{
    private static readonly long WaitMs = (long)Bounded.Wait.TotalMilliseconds;

    [Fact]
    public void The_mailbox_of_a_NetMQ_socket_is_found()
    {
        // If a NetMQ update moves it, clients still work (the fallback) but lose the cheaper wait: this says so.
        using var dealer = new DealerSocket();

        SocketWait.MailboxOf(dealer).ShouldNotBeNull();
        using var inbox = new SocketInbox<int>();
        new SocketWait(dealer, inbox.WaitHandle).UsesMailbox.ShouldBeTrue();
        new SocketWait(dealer, inbox.WaitHandle, useMailbox: false).UsesMailbox.ShouldBeFalse();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_item_queued_from_another_thread_wakes_the_wait_and_is_taken_once(bool useMailbox)
    {
        using var dealer = new DealerSocket();
        using var inbox = new SocketInbox<int>();
        var wait = new SocketWait(dealer, inbox.WaitHandle, useMailbox);

        await Task.Run(() =>
        {
            inbox.Enqueue(1);
            inbox.Enqueue(2);
        }).Within();

        wait.Wait(WaitMs).ShouldBeTrue("the wake socket was not readable");
        inbox.ClearWakeUps();
        inbox.Acknowledge();
        inbox.TryDequeue(out var first).ShouldBeTrue();
        inbox.TryDequeue(out var second).ShouldBeTrue();
        (first, second).ShouldBe((1, 2));
        inbox.TryDequeue(out _).ShouldBeFalse();

        // The wake-ups were read: with nothing queued since, a wait ends without one.
        wait.Wait(0).ShouldBeFalse();
        inbox.Enqueue(3);
        wait.Wait(WaitMs).ShouldBeTrue("an item queued after the wake-ups were taken did not wake the wait");
    }

    [Fact]
    public void An_owner_that_holds_wake_ups_is_not_woken_until_it_acknowledges()
    {
        using var dealer = new DealerSocket();
        using var inbox = new SocketInbox<int>();
        var wait = new SocketWait(dealer, inbox.WaitHandle);

        // Awake and busy: queued items need no wake-up, the owner takes them after its Acknowledge.
        inbox.HoldWakeUps();
        inbox.Enqueue(1);
        wait.Wait(0).ShouldBeFalse("an item queued while the owner held wake-ups woke it");
        inbox.Acknowledge();
        inbox.TryDequeue(out var first).ShouldBeTrue();
        first.ShouldBe(1);

        // Waiting again: the next item wakes it.
        inbox.Enqueue(2);
        wait.Wait(WaitMs).ShouldBeTrue("an item queued after the Acknowledge did not wake the wait");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Replies_that_arrive_before_or_during_a_wait_each_end_it(bool useMailbox)
    {
        using var router = new RouterSocket();
        using var dealer = new DealerSocket();
        using var inbox = new SocketInbox<int>();
        router.Bind("tcp://127.0.0.1:*");
        dealer.Connect(router.Options.LastEndpoint!);
        var wait = new SocketWait(dealer, inbox.WaitHandle, useMailbox);

        // An echo on another thread, so a reply comes sometimes before the wait begins and sometimes during it.
        var echo = Task.Run(() =>
        {
            for (var round = 0; round < 50; round++)
            {
                var request = RawPeer.Receive(router);
                RawPeer.Send(router, request[0], request[1]);
            }
        });

        // The owner's contract: after its last send, receive until a receive finds nothing, then wait.
        for (var round = 0; round < 50; round++)
        {
            RawPeer.Send(dealer, RawPeer.Utf8($"ping {round}"));
            var deadline = DateTime.UtcNow + Bounded.Wait;
            string? reply;
            while (!dealer.TryReceiveFrameString(TimeSpan.Zero, out reply))
            {
                (DateTime.UtcNow < deadline).ShouldBeTrue($"the reply to ping {round} did not end a wait");
                wait.Wait(WaitMs).ShouldBeFalse("nothing was queued to the inbox");
            }

            reply.ShouldBe($"ping {round}");
        }

        await echo.Within();
    }
}
