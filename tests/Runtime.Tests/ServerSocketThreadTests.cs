using System.Collections.Concurrent;
using NetMQ.Sockets;
using ZeroContracts;
using ZeroContracts.Rpc;
using ZeroContracts.Runtime.Tests.Support;
using static ZeroContracts.Runtime.Tests.Support.RawPeer;

namespace ZeroContracts.Runtime.Tests;

/// <summary>
/// The server's socket thread, which waits on its ROUTER and its reply inbox without a NetMQPoller (SocketWait) and lets
/// go of the socket while it waits, so that a handler thread that finishes sends its reply itself; on both wait paths:
/// one select on the ROUTER's mailbox, and the NetMQSelector fallback, where the socket thread keeps the socket and
/// handler threads wake it instead.
/// </summary>
public sealed class ServerSocketThreadTests
{
    // "Later" finishes as its body says: "yield:…" on the thread pool, "timer:…" on a timer, "thread:…" on a thread of
    // its own, "gate:…" on the thread that opens the gate the test takes from Service.Gates, "hold:…" only when cancelled.
    private static readonly OperationTable<Service> Operations = new OperationTable<Service>("Tests.IServerSocketThread", Framing.Typed)
        .Add("Echo", static (_, call) =>
        {
            call.WriteResult(call.ReadBody<string>());
            return ValueTask.CompletedTask;
        })
        .Add("Later", static async (service, call) => call.WriteResult(await service.LaterAsync(call.ReadBody<string>(), call.CancellationToken)));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_handler_that_finishes_on_another_thread_sends_its_reply_from_there_while_the_socket_thread_sleeps(bool useMailbox)
    {
        var service = new Service();
        using var server = Serve(service, useMailbox);
        using var client = new RpcClient(server.Endpoint, Framing.Typed, null);
        server.WaitsOnMailbox.ShouldBe(useMailbox);

        // Connected first: while the connection is set up the socket thread wakes for NetMQ's commands.
        (await Call(client, "Echo", "connected").Within()).ShouldBe("connected");

        var wakeUps = 0L;
        var perReply = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var call = Call(client, "Later", $"gate:{i}");
            var gate = service.NextGate();
            SpinWait.SpinUntil(() => !server.HandlersPending, Bounded.Wait).ShouldBeTrue();

            // The socket thread waits at most ResumeWave.MaxHoldMilliseconds while handlers run, then without limit: count
            // from then on, when only work wakes it (a fixed delay for the holds to pass fell short on a loaded machine).
            SpinWait.SpinUntil(() => server.WaitsWithoutLimit, Bounded.Wait).ShouldBeTrue();
            var before = server.WaitCount;

            // The handler resumes on this thread: with the socket free, it sends the reply from here.
            gate.SetResult();
            (await call.Within()).ShouldBe($"gate:{i}");
            perReply.Add(server.WaitCount - before);
            wakeUps += perReply[^1];
        }

        // Without the socket's turn the socket thread wakes for every reply (five here); one stray NetMQ command is allowed.
        if (useMailbox) wakeUps.ShouldBeLessThanOrEqualTo(1, $"wake-ups per reply: {string.Join(", ", perReply)}");
        service.Failures.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(true, 64)]
    [InlineData(true, 3)]
    [InlineData(false, 3)]
    public async Task Many_concurrent_calls_whose_handlers_finish_on_all_kinds_of_threads_are_all_answered(bool useMailbox, int maxConcurrentCalls)
    {
        // Few handler slots make calls wait for one, so the threads that send replies also start the waiting calls.
        var service = new Service();
        using var server = Serve(service, useMailbox, new ServerOptions { MaxConcurrentCalls = maxConcurrentCalls });
        using var client = new RpcClient(server.Endpoint, Framing.Typed, null);
        string[] kinds = ["echo", "yield", "timer", "thread"];

        // Chains of one call at a time, and bursts of calls sent together, which travel as request batches.
        var chains = Enumerable.Range(0, 6).Select(chain => Task.Run(async () =>
        {
            var answered = 0;
            for (var i = 0; i < 40; i++)
            {
                var text = $"{kinds[(chain + i) % kinds.Length]}:{chain}/{i}";
                if (await Call(client, text.StartsWith("echo", StringComparison.Ordinal) ? "Echo" : "Later", text) == text) answered++;
            }

            return answered == 40;
        }));
        var bursts = Enumerable.Range(0, 4).Select(burst => Task.Run(async () =>
        {
            var texts = Enumerable.Range(0, 64).Select(i => $"{kinds[i % kinds.Length]}:burst {burst}/{i}").ToArray();
            var replies = await Task.WhenAll(texts.Select(text => Call(client, text.StartsWith("echo", StringComparison.Ordinal) ? "Echo" : "Later", text)));
            return replies.SequenceEqual(texts);
        }));

        (await Task.WhenAll(chains.Concat(bursts)).Within()).ShouldAllBe(ok => ok);
        service.Failures.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_idle_server_does_not_wake_up(bool useMailbox)
    {
        using var server = Serve(new Service(), useMailbox);
        using var client = new RpcClient(server.Endpoint, Framing.Typed, null);
        (await Call(client, "Later", "yield:one").Within()).ShouldBe("yield:one");
        SpinWait.SpinUntil(() => !server.HandlersPending, Bounded.Wait).ShouldBeTrue();
        var before = server.WaitCount;

        // Idle for a while: nothing is due, so the thread should not wake at all. Two are allowed: the last hold while the
        // handler ran (ResumeWave) and a stray NetMQ command.
        await Task.Delay(500);

        (server.WaitCount - before).ShouldBeLessThanOrEqualTo(2);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Calls_cancelled_while_other_handlers_send_their_replies_get_none_and_the_others_are_answered(bool useMailbox)
    {
        var service = new Service();
        using var server = Serve(service, useMailbox);
        using var client = new RpcClient(server.Endpoint, Framing.Typed, null);

        using var cancel = new CancellationTokenSource();
        var held = Enumerable.Range(0, 20).Select(i => Call(client, "Later", $"hold:{i}", cancel.Token)).ToArray();
        var answered = Enumerable.Range(0, 100).Select(i => Call(client, "Later", $"{(i % 2 == 0 ? "timer" : "thread")}:{i}")).ToArray();
        SpinWait.SpinUntil(() => Volatile.Read(ref service.HeldHandlers) == held.Length, Bounded.Wait).ShouldBeTrue();
        cancel.Cancel();

        foreach (var call in held) await Should.ThrowAsync<OperationCanceledException>(call.Within());
        (await Task.WhenAll(answered).Within()).ShouldBe(Enumerable.Range(0, 100).Select(i => $"{(i % 2 == 0 ? "timer" : "thread")}:{i}"));

        // Every cancel reached its handler, which ended without a reply; the server goes on serving.
        SpinWait.SpinUntil(() => Volatile.Read(ref service.CancelledHandlers) == held.Length, Bounded.Wait).ShouldBeTrue();
        (await Call(client, "Echo", "still here").Within()).ShouldBe("still here");
        service.Failures.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Disposing_while_handlers_finish_on_other_threads_stops_the_server_and_nothing_throws(bool useMailbox)
    {
        var service = new Service();
        using var server = Serve(service, useMailbox);
        var running = server.RunAsync();
        using var client = new RpcClient(server.Endpoint, Framing.Typed, new ClientOptions { CallTimeout = TimeSpan.FromSeconds(2) });

        // Calls keep finishing on timers, threads of their own and the thread pool while the server is disposed.
        var calls = Enumerable.Range(0, 300).Select(i => Call(client, "Later", $"{(i % 3) switch { 0 => "timer", 1 => "thread", _ => "yield" }}:{i}")).ToArray();
        await calls[0].Within();
        await Task.Run(server.Dispose).Within();
        await running.Within();

        await AnsweredOrTimedOut(calls);

        // The threads that finished handlers after the socket closed threw nothing.
        service.Failures.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_server_disposed_by_its_event_handler_while_handler_threads_send_replies_stops(bool useMailbox)
    {
        // The event is raised on whichever thread holds the socket: the socket thread, or a handler thread sending replies.
        var service = new Service();
        RpcServer<Service>? server = null;
        var options = new ServerOptions
        {
            OnEvent = e =>
            {
                if (e.Kind == ServerEventKind.RequestRejected) server!.Dispose();
            },
        };
        server = Serve(service, useMailbox, options);
        using var disposedAnyway = server;
        var running = server.RunAsync();
        using var client = new RpcClient(server.Endpoint, Framing.Typed, new ClientOptions { CallTimeout = TimeSpan.FromSeconds(2) });
        using var dealer = new DealerSocket(server.Endpoint);

        var calls = Enumerable.Range(0, 200).Select(i => Call(client, "Later", $"{(i % 2 == 0 ? "thread" : "yield")}:{i}")).ToArray();
        await calls[0].Within();
        Send(dealer, RequestId(1), [], Utf8("NoSuchOperation"));

        await running.Within();
        await AnsweredOrTimedOut(calls);
        service.Failures.ShouldBeEmpty();
    }

    private static RpcServer<Service> Serve(Service service, bool useMailbox, ServerOptions? options = null)
    {
        var server = new RpcServer<Service>(service, "tcp://127.0.0.1:*", Operations, options, useMailbox);
        server.Start();
        return server;
    }

    /// <summary>Each call is answered, or times out once the server is gone: none ends with another error or hangs.</summary>
    private static async Task AnsweredOrTimedOut(IEnumerable<Task<string>> calls)
    {
        foreach (var call in calls)
        {
            try
            {
                await call.Within();
            }
            catch (TimeoutException)
            {
            }
        }
    }

    private static Task<string> Call(RpcClient client, string operation, string text, CancellationToken cancellationToken = default)
    {
        var call = client.CreateCall(operation);
        call.WriteBody(text);
        return client.CallAsync<string>(call, cancellationToken).AsTask();
    }

    private sealed class Service
    {
        private readonly BlockingCollection<TaskCompletionSource> _gates = new();

        /// <summary>What the threads that finished handlers caught: a server that throws there would lose replies.</summary>
        public ConcurrentQueue<Exception> Failures { get; } = new();

        public int HeldHandlers;

        public int CancelledHandlers;

        /// <summary>The gate of the next "gate:" call, once its handler waits at it.</summary>
        public TaskCompletionSource NextGate()
        {
            _gates.TryTake(out var gate, Bounded.Wait).ShouldBeTrue("no handler reached its gate");
            return gate!;
        }

        public async ValueTask<string> LaterAsync(string text, CancellationToken cancellationToken)
        {
            switch (text[..text.IndexOf(':', StringComparison.Ordinal)])
            {
                case "yield":
                    await Task.Yield();
                    break;
                case "timer":
                    await Task.Delay(1, CancellationToken.None);
                    break;
                case "thread":
                    await FinishedOnAThreadOfItsOwn();
                    break;
                case "gate":
                    var gate = new TaskCompletionSource();
                    _gates.Add(gate, CancellationToken.None);
                    await gate.Task;
                    break;
                case "hold":
                    Interlocked.Increment(ref HeldHandlers);
                    try
                    {
                        await Task.Delay(Timeout.Infinite, cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                        Interlocked.Increment(ref CancelledHandlers);
                        throw;
                    }

                    break;
            }

            return text;
        }

        /// <summary>A task completed on a new thread, where the handler resumes and finishes.</summary>
        private Task FinishedOnAThreadOfItsOwn()
        {
            var finished = new TaskCompletionSource();
            new Thread(() =>
            {
                try
                {
                    finished.SetResult();
                }
                catch (Exception e)
                {
                    Failures.Enqueue(e);
                }
            })
            { IsBackground = true }.Start();
            return finished.Task;
        }
    }
}
