using System.Text;
using NetMQ;
using NetMQ.Sockets;
using ZeroContracts;
using ZeroContracts.Rpc;
using ZeroContracts.Runtime.Tests.Support;

namespace ZeroContracts.Runtime.Tests;

/// <summary>
/// The client's socket thread, which waits on its DEALER and its call inbox without a NetMQPoller (SocketWait), on both
/// of its wait paths: one select on the DEALER's mailbox, and the NetMQSelector fallback used where NetMQ's internals
/// are not found. A raw ROUTER plays the server, so each test decides when replies leave.
/// </summary>
public sealed class ClientSocketThreadTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_call_started_while_another_waits_is_sent_at_once(bool useMailbox)
    {
        using var router = new RouterSocket();
        router.Bind("tcp://127.0.0.1:*");
        using var client = new RpcClient(router.Options.LastEndpoint!, Framing.Typed, null, useMailbox);
        client.WaitsOnMailbox.ShouldBe(useMailbox);

        var first = Call(client, "one");
        var firstRequest = RawPeer.ReceiveRequest(router);
        var second = Call(client, "two");

        // The first reply is held until the second request is in: a client that sent the second call only after the
        // first reply (a missed wake-up) fails here instead of passing slowly.
        var secondRequest = RawPeer.ReceiveRequest(router);
        Reply(router, firstRequest);
        Reply(router, secondRequest);

        (await first.Within()).ShouldBe("one");
        (await second.Within()).ShouldBe("two");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Many_concurrent_calls_from_many_threads_are_all_answered(bool useMailbox)
    {
        // Served until the calls are done rather than for 400 messages: the client's first burst probes with a batch
        // (docs/protocol.md 2.7), which this plain peer answers like any request, so the calls are resent alone.
        using var peer = new RouterPeerThread(Echo);
        using var client = new RpcClient(peer.Endpoint, Framing.Typed, null, useMailbox);

        var calls = Enumerable.Range(0, 8).Select(chain => Task.Run(async () =>
        {
            var answered = 0;
            for (var i = 0; i < 50; i++)
            {
                if (await Call(client, $"{chain}/{i}") == $"{chain}/{i}") answered++;
            }

            return answered;
        }));

        (await Task.WhenAll(calls).Within()).ShouldAllBe(answered => answered == 50);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_caller_sends_its_call_itself_while_the_socket_thread_waits_on_the_mailbox(bool useMailbox)
    {
        using var router = new RouterSocket();
        router.Bind("tcp://127.0.0.1:*");
        using var client = new RpcClient(router.Options.LastEndpoint!, Framing.Typed, null, useMailbox);

        // Connected first: while the connection is set up the socket thread wakes for NetMQ's commands.
        var first = Call(client, "connected");
        Reply(router, RawPeer.ReceiveRequest(router));
        (await first.Within()).ShouldBe("connected");
        await Task.Yield();

        // Each call starts once the socket thread waits with nothing to do, so its turn is free. It may wake in between
        // for a sweep, which takes microseconds: all but one of five calls must go out from this thread.
        var before = client.CallerSends;
        for (var i = 0; i < 5; i++)
        {
            SpinWait.SpinUntil(() => client.SocketThreadWaits, Bounded.Wait).ShouldBeTrue();
            var call = Call(client, $"call {i}");
            Reply(router, RawPeer.ReceiveRequest(router));
            (await call.Within()).ShouldBe($"call {i}");

            // This code runs in the work item that resumed the caller, whose calls its wave's last member sends: leave
            // it, so that the next call is started by a thread the client did not resume.
            await Task.Yield();
            SpinWait.SpinUntil(() => !client.ResumesPending, Bounded.Wait).ShouldBeTrue();
        }

        // The NetMQSelector fallback reads the socket's state while it waits, so there the socket thread keeps the turn
        // and sends every call itself.
        if (useMailbox) (client.CallerSends - before).ShouldBeGreaterThanOrEqualTo(4);
        else client.CallerSends.ShouldBe(0);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_idle_client_does_not_wake_up(bool useMailbox)
    {
        using var router = new RouterSocket();
        router.Bind("tcp://127.0.0.1:*");
        using var client = new RpcClient(router.Options.LastEndpoint!, Framing.Typed, new ClientOptions { CallTimeout = TimeSpan.FromMilliseconds(100) }, useMailbox);
        var call = Call(client, "one");
        Reply(router, RawPeer.ReceiveRequest(router));
        (await call.Within()).ShouldBe("one");

        // The caller was resumed on the thread pool; while that work item runs the thread still wakes to take any call it
        // starts (ResumeWave). Count from when it has finished.
        SpinWait.SpinUntil(() => !client.ResumesPending, Bounded.Wait).ShouldBeTrue();
        var before = client.WaitCount;

        // Idle for a while: with no call waiting nothing is due but the one sweep that was due when the last call ended
        // (SweepWait), so the thread should wake at most once. A poller with an expiry timer woke every 10 ms here; two
        // more are allowed for stray NetMQ commands (a connection's late handshake).
        await Task.Delay(500);

        (client.WaitCount - before).ShouldBeLessThanOrEqualTo(3);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_call_waiting_for_its_reply_still_times_out_and_is_cancelled_on_the_wire(bool useMailbox)
    {
        using var router = new RouterSocket();
        router.Bind("tcp://127.0.0.1:*");
        using var client = new RpcClient(router.Options.LastEndpoint!, Framing.Typed, new ClientOptions { CallTimeout = TimeSpan.FromMilliseconds(200) }, useMailbox);

        var call = Call(client, "never answered");
        var request = RawPeer.ReceiveRequest(router);

        await Should.ThrowAsync<TimeoutException>(call.Within());
        var cancel = RawPeer.Receive(router);
        cancel.Count.ShouldBe(4);
        cancel[1].ShouldBe(request[1]);
        RawPeer.Text(cancel[3]).ShouldBe("!cancel");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Disposing_from_a_continuation_on_the_socket_thread_fails_the_calls_in_flight(bool useMailbox)
    {
        // Every call is answered but the first, which is still in flight when the client is disposed.
        using var peer = new RouterPeerThread(request => RawPeer.Text(request[3]).EndsWith("held", StringComparison.Ordinal) ? null : Echo(request));
        var client = new RpcClient(peer.Endpoint, Framing.Typed, new ClientOptions { RunContinuationsInline = true }, useMailbox);
        var held = Call(client, "held");

        var disposedOnSocketThread = await Task.Run(async () =>
        {
            // The first call resumes on the thread pool if its reply beats its await; the next is started on the socket
            // thread and so resumes there.
            for (var i = 0; i < 3; i++)
            {
                await Call(client, $"call {i}").ConfigureAwait(false);
                if (!(Thread.CurrentThread.Name ?? "").StartsWith("ZeroContracts client", StringComparison.Ordinal)) continue;

                // Dispose must not wait for the socket thread, which is this one.
                client.Dispose();
                return true;
            }

            return false;
        }).Within();

        disposedOnSocketThread.ShouldBeTrue();
        await Should.ThrowAsync<ObjectDisposedException>(held.Within());
    }

    private static Task<string> Call(RpcClient client, string text)
    {
        var call = client.CreateCall("Echo");
        call.WriteBody(text);
        return client.CallAsync<string>(call, CancellationToken.None).AsTask();
    }

    /// <summary>Answers a compact request [identity][id][] [Echo 0xFF body] with its body: [identity][id][] [ok 0xFF body].</summary>
    private static void Reply(RouterSocket router, List<byte[]> request) => RawPeer.Send(router, Echo(request));

    /// <summary>The frames of <see cref="Reply"/>'s answer.</summary>
    private static byte[][] Echo(List<byte[]> request)
    {
        var body = request[3].AsSpan(Array.IndexOf(request[3], (byte)0xFF) + 1).ToArray();
        return [request[0], request[1], [], [.. Encoding.UTF8.GetBytes("ok"), 0xFF, .. body]];
    }
}
