using System.Collections.Concurrent;
using NetMQ;
using NetMQ.Sockets;
using ZeroContracts.Runtime.Tests.Contracts;
using ZeroContracts.Runtime.Tests.Support;
using static ZeroContracts.Runtime.Tests.Support.RawPeer;

namespace ZeroContracts.Runtime.Tests;

/// <summary>A client that stops waiting tells the server, which stops the work (docs/protocol.md 4.1).</summary>
public sealed class CancellationTests
{
    [Fact]
    public async Task Cancelling_a_call_signals_the_handlers_token_and_the_server_goes_on()
    {
        var service = new Patience();
        var events = new ConcurrentQueue<ServerEvent>();
        await using var server = new PatienceServer(service, "tcp://127.0.0.1:*", new ServerOptions { OnEvent = events.Enqueue });
        server.Start();
        await using var client = new PatienceClient(server.Endpoint);
        using var cancel = new CancellationTokenSource();

        var call = client.WaitAsync(1, cancel.Token);
        (await service.Started.Reader.ReadAsync().AsTask().Within()).ShouldBe(1);
        cancel.Cancel();

        await Should.ThrowAsync<OperationCanceledException>(call.Within());
        (await service.Cancelled.Reader.ReadAsync().AsTask().Within()).ShouldBe(1);
        (await client.QuickAsync(2).Within()).ShouldBe(2);
        events.ShouldContain(e => e.Kind == ServerEventKind.CallCancelled && e.Operation == "Wait");
        events.ShouldNotContain(e => e.Kind == ServerEventKind.HandlerFailed);
    }

    [Fact]
    public async Task Calls_cancelled_while_their_replies_arrive_each_end_once_with_the_reply_or_cancelled()
    {
        // The reply (socket thread) and the cancellation (the cancelling thread) race to end each call: exactly one of
        // them may, or the caller would be resumed twice (ManualResetValueTaskSourceCore throws) or never.
        var operations = new ZeroContracts.Rpc.OperationTable<object>("Tests.IRace", Framing.Typed).Add("Echo", static (_, call) =>
        {
            call.WriteResult(call.ReadBody<int>());
            return ValueTask.CompletedTask;
        });
        using var server = new ZeroContracts.Rpc.RpcServer<object>(new object(), "tcp://127.0.0.1:*", operations, null);
        server.Start();
        using var client = new ZeroContracts.Rpc.RpcClient(server.Endpoint, Framing.Typed, null);

        var replied = 0;
        var cancelled = 0;
        for (var round = 0; round < 20; round++)
        {
            var calls = Enumerable.Range(0, 64).Select(i => Task.Run(async () =>
            {
                using var cancel = new CancellationTokenSource();
                var call = client.CreateCall("Echo");
                call.WriteBody(i);
                var pending = client.CallAsync<int>(call, cancel.Token).AsTask();

                // Cancelled at a different moment for each call: before, during or after its reply.
                Thread.SpinWait(i * 400);
                cancel.Cancel();
                try
                {
                    (await pending.ConfigureAwait(false)).ShouldBe(i);
                    Interlocked.Increment(ref replied);
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref cancelled);
                }
            }));

            await Task.WhenAll(calls).Within();
        }

        (replied + cancelled).ShouldBe(20 * 64);

        // And the client is still whole.
        var last = client.CreateCall("Echo");
        last.WriteBody(-1);
        (await client.CallAsync<int>(last, CancellationToken.None).Within()).ShouldBe(-1);
    }

    [Fact]
    public async Task A_call_that_times_out_is_cancelled_on_the_server_too()
    {
        var service = new Patience();
        await using var server = new PatienceServer(service, "tcp://127.0.0.1:*");
        server.Start();
        await using var client = new PatienceClient(server.Endpoint, new ClientOptions { CallTimeout = TimeSpan.FromSeconds(1) });

        await Should.ThrowAsync<TimeoutException>(client.WaitAsync(1, CancellationToken.None).Within());

        (await service.Started.Reader.ReadAsync().AsTask().Within()).ShouldBe(1);
        (await service.Cancelled.Reader.ReadAsync().AsTask().Within()).ShouldBe(1);
    }

    [Fact]
    public async Task A_call_cancelled_while_it_waits_for_a_handler_slot_never_runs()
    {
        var service = new Patience();
        var cancelled = new TaskCompletionSource<ServerEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new ServerOptions
        {
            MaxConcurrentCalls = 1,
            OnEvent = e => { if (e.Kind == ServerEventKind.CallCancelled) cancelled.TrySetResult(e); },
        };
        await using var server = new PatienceServer(service, "tcp://127.0.0.1:*", options);
        server.Start();

        // By hand, so the order on the wire is certain: call 2 reaches the server, then its cancel, then call 3.
        using var raw = new DealerSocket();
        raw.Connect(server.Endpoint);
        Send(raw, RequestId(1), Array.Empty<byte>(), Utf8("Wait"), Utf8("1"));
        (await service.Started.Reader.ReadAsync().AsTask().Within()).ShouldBe(1);
        Send(raw, RequestId(2), Array.Empty<byte>(), Utf8("Wait"), Utf8("2"));
        Send(raw, RequestId(2), Array.Empty<byte>(), Utf8("!cancel"));
        Send(raw, RequestId(3), Array.Empty<byte>(), Utf8("Quick"), Utf8("3"));
        (await cancelled.Task.Within()).Operation.ShouldBe("Wait");

        // Calls leave the queue in arrival order, so once the third has run the second would have run before it.
        service.Release();
        Receive(raw)[0].ShouldBe(RequestId(1));
        Receive(raw)[0].ShouldBe(RequestId(3));
        service.Ran.ShouldBe(new[] { 1, 3 });
    }

    [Fact]
    public async Task A_cancel_on_the_wire_stops_the_call_and_no_reply_is_sent_for_it()
    {
        var service = new Patience();
        await using var server = new PatienceServer(service, "tcp://127.0.0.1:*");
        server.Start();
        using var raw = new DealerSocket();
        raw.Connect(server.Endpoint);

        Send(raw, RequestId(7), Array.Empty<byte>(), Utf8("Wait"), Utf8("7"));
        (await service.Started.Reader.ReadAsync().AsTask().Within()).ShouldBe(7);
        Send(raw, RequestId(7), Array.Empty<byte>(), Utf8("!cancel"));
        (await service.Cancelled.Reader.ReadAsync().AsTask().Within()).ShouldBe(7);

        // Replies keep their order on one connection: the next frame to arrive answers call 8, not call 7.
        Send(raw, RequestId(8), Array.Empty<byte>(), Utf8("Quick"), Utf8("8"));
        Receive(raw).Select(Text).ShouldBe(new[] { Text(RequestId(8)), "", "ok", "8" });
    }

    [Fact]
    public async Task A_cancel_for_a_call_the_server_does_not_know_is_ignored()
    {
        var service = new Patience();
        await using var server = new PatienceServer(service, "tcp://127.0.0.1:*");
        server.Start();
        using var raw = new DealerSocket();
        raw.Connect(server.Endpoint);
        using var other = new DealerSocket();
        other.Connect(server.Endpoint);

        // A cancel for an id never sent, and one from another connection naming a call in progress here.
        Send(raw, RequestId(1), Array.Empty<byte>(), Utf8("Wait"), Utf8("1"));
        (await service.Started.Reader.ReadAsync().AsTask().Within()).ShouldBe(1);
        Send(raw, RequestId(99), Array.Empty<byte>(), Utf8("!cancel"));
        Send(other, RequestId(1), Array.Empty<byte>(), Utf8("!cancel"));
        Send(other, RequestId(2), Array.Empty<byte>(), Utf8("Quick"), Utf8("2"));
        Receive(other).Select(Text).ShouldBe(new[] { Text(RequestId(2)), "", "ok", "2" });

        service.Cancelled.Reader.TryRead(out _).ShouldBeFalse();
        service.Release();
        Receive(raw).Select(Text).ShouldBe(new[] { Text(RequestId(1)), "", "ok", "1" });
    }
}
