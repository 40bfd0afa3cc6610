using ZeroContracts;
using ZeroContracts.Rpc;
using ZeroContracts.Runtime.Tests.Support;

namespace ZeroContracts.Runtime.Tests;

/// <summary>
/// By default a socket thread runs the handlers and continuations its messages start itself, without the socket's turn
/// (SocketThread.RunDeferred): user code that blocks there must not stall the socket, since a stand-in thread takes it
/// over, and must not keep Dispose waiting.
/// </summary>
public sealed class DeferredUserCodeTests
{
    private const string ServerThread = "ZeroContracts server";
    private const string ClientThread = "ZeroContracts client";

    // "Block" waits until a "Release" call (or the test) opens the gate; "Count" counts and answers.
    private static readonly OperationTable<Service> Operations = new OperationTable<Service>("Tests.IDeferred", Framing.Typed)
        .Add("Echo", static (_, call) =>
        {
            call.WriteResult(call.ReadBody<string>());
            return ValueTask.CompletedTask;
        })
        .Add("Block", static (service, call) =>
        {
            call.WriteResult(service.Block(call.ReadBody<string>(), call.CancellationToken));
            return ValueTask.CompletedTask;
        })
        .Add("Release", static (service, call) =>
        {
            service.Gate.Set();
            call.WriteResult(call.ReadBody<string>());
            return ValueTask.CompletedTask;
        })
        .Add("Work", static (_, call) =>
        {
            // Stands for a handler that computes for 300 µs (a time the test does not assert on): wall time, so a
            // preempted handler only takes longer.
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            while (System.Diagnostics.Stopwatch.GetElapsedTime(started) < TimeSpan.FromMicroseconds(300)) Thread.SpinWait(20);
            call.WriteResult(Thread.CurrentThread.Name ?? "");
            return ValueTask.CompletedTask;
        })
        .Add("Count", static (service, call) =>
        {
            if (Interlocked.Increment(ref service.Counted) == service.ReleaseAtCount) service.Gate.Set();
            call.WriteResult(call.ReadBody<string>());
            return ValueTask.CompletedTask;
        });

    [Fact]
    public async Task A_handler_that_blocks_on_the_socket_thread_does_not_stall_the_server()
    {
        var service = new Service();
        using var server = Serve(service);
        using var client = new RpcClient(server.Endpoint, Framing.Typed, null);

        // The first request of a new server is received by its socket thread, which runs the handler itself.
        var blocked = Call(client, "Block", "blocked");
        service.Blocking.Wait(Bounded.Wait).ShouldBeTrue("the handler never started");

        // Only a stand-in can receive this while that handler blocks; it runs its handler on the thread pool.
        (await Call(client, "Release", "released").Within()).ShouldBe("released");
        (await blocked.Within()).ShouldBe("blocked");

        service.BlockedOn.ShouldStartWith(ServerThread);
        server.StandIns.ShouldBeGreaterThanOrEqualTo(1);

        // The socket thread took the socket back: later calls are answered as before.
        (await Call(client, "Echo", "after").Within()).ShouldBe("after");
    }

    [Fact]
    public async Task Handlers_that_keep_the_socket_thread_long_are_handed_to_the_thread_pool()
    {
        // One call at a time, each handler 300 µs: they run on the socket thread until their mean says they are slow
        // (about seven), then on the thread pool, where slow handlers run in parallel and leave the socket free.
        using var server = Serve(new Service());
        using var client = new RpcClient(server.Endpoint, Framing.Typed, null);

        var threads = new List<string>();
        for (var i = 0; i < 12; i++) threads.Add(await Call(client, "Work", "").Within());

        threads[0].ShouldStartWith(ServerThread);
        (server.SlowSpells + server.StandIns).ShouldBeGreaterThanOrEqualTo(1);
        threads.ShouldContain(name => !name.StartsWith(ServerThread, StringComparison.Ordinal), $"every handler ran on the socket thread: {string.Join(", ", threads)}");
    }

    [Fact]
    public async Task Handlers_queued_behind_one_that_blocks_on_the_socket_thread_still_run()
    {
        // The blocked handler waits for all the others; those received with it in one batch wait behind it on the
        // socket thread until the stand-in hands them to the thread pool.
        const int Others = 15;
        var service = new Service { ReleaseAtCount = Others };
        using var server = Serve(service);
        using var client = new RpcClient(server.Endpoint, Framing.Typed, null);

        var blocked = Call(client, "Block", "blocked");
        var others = Enumerable.Range(0, Others).Select(i => Call(client, "Count", $"count {i}")).ToArray();

        (await blocked.Within()).ShouldBe("blocked");
        (await Task.WhenAll(others).Within()).ShouldBe(Enumerable.Range(0, Others).Select(i => $"count {i}"));
        service.WasReleased.ShouldBeTrue("the blocked handler gave up waiting");
    }

    [Fact]
    public async Task Dispose_does_not_wait_for_a_handler_that_blocks_on_the_socket_thread()
    {
        var service = new Service();
        var server = Serve(service);
        using var client = new RpcClient(server.Endpoint, Framing.Typed, new ClientOptions { CallTimeout = TimeSpan.FromSeconds(2) });
        var blocked = Call(client, "Block", "blocked");
        service.Blocking.Wait(Bounded.Wait).ShouldBeTrue("the handler never started");

        // The gate opens only after Dispose returns: a Dispose that waited for the socket thread would never return.
        await Task.Run(server.Dispose).Within();
        service.Gate.Set();

        service.Finished.Wait(Bounded.Wait).ShouldBeTrue("the handler never finished");
        service.SawCancellation.ShouldBeTrue("the handler's token was not cancelled by Dispose");
        await Should.ThrowAsync<TimeoutException>(blocked.Within());
    }

    [Fact]
    public async Task A_handler_on_the_socket_thread_can_dispose_its_own_server()
    {
        var service = new Service();
        var server = Serve(service);
        service.OnBlock = server.Dispose;
        using var client = new RpcClient(server.Endpoint, Framing.Typed, new ClientOptions { CallTimeout = TimeSpan.FromSeconds(2) });

        // The reply may or may not leave before the socket closes; the server must stop either way.
        var blocked = Call(client, "Block", "dispose");
        service.Gate.Set();
        try
        {
            await blocked.Within();
        }
        catch (TimeoutException)
        {
        }

        service.BlockedOn.ShouldStartWith(ServerThread);
        await Should.ThrowAsync<ObjectDisposedException>(Task.Run(server.Start).Within());
    }

    [Fact]
    public async Task A_continuation_that_blocks_on_the_socket_thread_for_another_call_of_its_client_gets_its_reply()
    {
        // Sync over async from the code after an await: the inner call's reply can only come through a stand-in.
        using var server = Serve(new Service());
        using var client = new RpcClient(server.Endpoint, Framing.Typed, null);

        var (thread, inner) = await Task.Run(async () =>
        {
            await Call(client, "Echo", "outer").ConfigureAwait(false);
            var resumedOn = Thread.CurrentThread.Name ?? "";
            var call = Call(client, "Echo", "inner");
            call.Wait(Bounded.Wait).ShouldBeTrue("the inner call was never answered");
            return (resumedOn, call.Result);
        }).Within();

        inner.ShouldBe("inner");

        // The outer call's reply is received by the socket thread, which resumes the caller itself, unless the reply
        // beat the await (then the caller went on synchronously on the thread pool and nothing blocked the socket).
        if (thread.StartsWith(ClientThread, StringComparison.Ordinal)) client.StandIns.ShouldBeGreaterThanOrEqualTo(1);
        (await Call(client, "Echo", "after").Within()).ShouldBe("after");
    }

    [Fact]
    public async Task A_continuation_that_calls_and_waits_after_a_stand_in_took_over_gets_its_reply()
    {
        // Sync over async again, but the call starts only once a stand-in leads and waits with nothing to wake it: a
        // call queued quietly then (for the socket thread to send once back) would never go out.
        using var server = Serve(new Service());
        using var client = new RpcClient(server.Endpoint, Framing.Typed, null);

        // The continuation runs on the socket thread unless the reply beat the await: try until it does.
        const int Tries = 10;
        for (var attempt = 0; attempt < Tries; attempt++)
        {
            // A try on a loaded machine may have had a stand-in already (a socket thread preempted a tick).
            var standInsBefore = client.StandIns;
            var (onSocketThread, inner) = await Task.Run(async () =>
            {
                await Call(client, "Echo", "outer").ConfigureAwait(false);
                if (!(Thread.CurrentThread.Name ?? "").StartsWith(ClientThread, StringComparison.Ordinal)) return (false, "");
                SpinWait.SpinUntil(() => client.StandIns > standInsBefore && client.WaitsWithoutLimit, Bounded.Wait).ShouldBeTrue("no stand-in took over");
                var call = Call(client, "Echo", "inner");
                return (true, call.Wait(Bounded.Wait) ? call.Result : "(never answered)");
            }).WaitAsync(3 * Bounded.Wait);

            if (!onSocketThread) continue;
            inner.ShouldBe("inner");
            (await Call(client, "Echo", "after").Within()).ShouldBe("after");
            return;
        }

        Assert.Fail($"The reply beat the await in each of {Tries} tries: no continuation ran on the socket thread.");
    }

    [Fact]
    public async Task Dispose_does_not_wait_for_a_continuation_that_blocks_on_the_socket_thread()
    {
        using var server = Serve(new Service());
        var client = new RpcClient(server.Endpoint, Framing.Typed, null);
        using var gate = new ManualResetEventSlim();
        using var resumed = new ManualResetEventSlim();

        var continuation = Task.Run(async () =>
        {
            await Call(client, "Echo", "first").ConfigureAwait(false);
            resumed.Set();
            return gate.Wait(Bounded.Wait);
        });
        resumed.Wait(Bounded.Wait).ShouldBeTrue("the caller never resumed");

        // The gate opens only after Dispose returns.
        await Task.Run(client.Dispose).Within();
        gate.Set();

        (await continuation.Within()).ShouldBeTrue("the continuation gave up waiting");
        await Should.ThrowAsync<ObjectDisposedException>(Call(client, "Echo", "after").Within());
    }

    [Fact]
    public async Task Dispose_while_a_continuation_on_the_socket_thread_blocks_fails_the_calls_it_started()
    {
        // The calls a continuation starts on the socket thread are kept there (SocketThread.TryKeep): disposed while it
        // blocks, the client has a stand-in take them as it closes, and they must fail rather than wait for ever.
        var service = new Service();
        using var server = Serve(service);
        var client = new RpcClient(server.Endpoint, Framing.Typed, null);
        using var gate = new ManualResetEventSlim();
        try
        {
            // The continuation runs on the socket thread unless the reply beat the await: try until it does.
            const int Tries = 10;
            for (var attempt = 0; attempt < Tries; attempt++)
            {
                var resumed = new TaskCompletionSource<Task<string>?>(TaskCreationOptions.RunContinuationsAsynchronously);
                var continuation = Task.Run(async () =>
                {
                    await Call(client, "Echo", "first").ConfigureAwait(false);
                    if (!(Thread.CurrentThread.Name ?? "").StartsWith(ClientThread, StringComparison.Ordinal))
                    {
                        resumed.TrySetResult(null);
                        return;
                    }

                    // Blocks on the server until the test ends, so that only the disposal can end it.
                    resumed.TrySetResult(Call(client, "Block", "started"));
                    gate.Wait(Bounded.Wait);
                });

                var started = await resumed.Task.Within();
                if (started is null) continue;

                await Task.Run(client.Dispose).Within();
                gate.Set();
                await continuation.Within();
                await Should.ThrowAsync<ObjectDisposedException>(started.Within());
                return;
            }

            Assert.Fail($"The reply beat the await in each of {Tries} tries: no continuation ran on the socket thread.");
        }
        finally
        {
            gate.Set();
            service.Gate.Set();
            client.Dispose();
        }
    }

    [Fact]
    public async Task Chains_of_calls_whose_continuations_run_on_the_socket_thread_all_get_their_replies()
    {
        // The calls started by callers resumed on the socket thread are sent by it once they return, together.
        using var server = Serve(new Service());
        using var client = new RpcClient(server.Endpoint, Framing.Typed, null);

        var chains = Enumerable.Range(0, 8).Select(chain => Task.Run(async () =>
        {
            var onSocketThread = 0;
            for (var i = 0; i < 100; i++)
            {
                (await Call(client, "Echo", $"{chain}/{i}").ConfigureAwait(false)).ShouldBe($"{chain}/{i}");
                if ((Thread.CurrentThread.Name ?? "").StartsWith(ClientThread, StringComparison.Ordinal)) onSocketThread++;
            }

            return onSocketThread;
        }));

        var resumedOnSocketThread = (await Task.WhenAll(chains).Within()).Sum();

        // Most continuations run there unless a stand-in had to take over (after a second within a second the thread pool
        // runs them for a while).
        if (client.StandIns == 0) resumedOnSocketThread.ShouldBeGreaterThan(0);
    }

    private static RpcServer<Service> Serve(Service service)
    {
        var server = new RpcServer<Service>(service, "tcp://127.0.0.1:*", Operations, null);
        server.Start();
        return server;
    }

    private static Task<string> Call(RpcClient client, string operation, string text)
    {
        var call = client.CreateCall(operation);
        call.WriteBody(text);
        return client.CallAsync<string>(call, CancellationToken.None).AsTask();
    }

    private sealed class Service
    {
        public ManualResetEventSlim Gate { get; } = new();

        public ManualResetEventSlim Blocking { get; } = new();

        public ManualResetEventSlim Finished { get; } = new();

        public int Counted;

        public int ReleaseAtCount = -1;

        public Action? OnBlock { get; set; }

        public string BlockedOn { get; private set; } = "";

        public bool WasReleased { get; private set; }

        public bool SawCancellation { get; private set; }

        public string Block(string text, CancellationToken cancellationToken)
        {
            BlockedOn = Thread.CurrentThread.Name ?? "";
            Blocking.Set();
            WasReleased = Gate.Wait(Bounded.Wait);
            SawCancellation = cancellationToken.IsCancellationRequested;
            OnBlock?.Invoke();
            Finished.Set();
            return text;
        }
    }
}
