using System.Collections.Concurrent;
using ZeroContracts;
using ZeroContracts.Runtime.Tests.Contracts;
using ZeroContracts.Runtime.Tests.Support;

namespace ZeroContracts.Runtime.Tests;

/// <summary>Tells a test which thread ran a handler, and lets a handler stop its own server.</summary>
[ReqRep]
public interface IThreadProbe
{
    ValueTask<string> ThreadNameAsync();

    ValueTask<int> AfterYieldAsync(int value);

    ValueTask<int> FailAsync(string message);

    ValueTask StopServerAsync();
}

public sealed class ThreadProbe : IThreadProbe
{
    public IDisposable? Server { get; set; }

    public ValueTask<string> ThreadNameAsync() => new(Thread.CurrentThread.Name ?? "");

    public async ValueTask<int> AfterYieldAsync(int value)
    {
        await Task.Yield();
        return value;
    }

    public ValueTask<int> FailAsync(string message) => throw new RemoteException("probe", message);

    public ValueTask StopServerAsync()
    {
        Server!.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// The RunHandlersInline / RunContinuationsInline options of servers, clients, subscribers and pullers: user code runs
/// on the socket threads, and the paths that skip the thread handoffs keep every answer, error, timeout and message
/// (inline pullers sharing work: PipelineTests).
/// </summary>
public sealed class InlineExecutionTests
{
    private const string ServerThread = "ZeroContracts server";
    private const string ClientThread = "ZeroContracts client";

    [Fact]
    public async Task Inline_handlers_run_on_the_socket_thread()
    {
        // By default a lone quick handler runs there too, but without the socket's turn (DeferredUserCodeTests).
        await using var server = new ThreadProbeServer(new ThreadProbe(), "tcp://127.0.0.1:*", new ServerOptions { RunHandlersInline = true });
        server.Start();
        await using var client = new ThreadProbeClient(server.Endpoint);

        var name = await client.ThreadNameAsync().Within();

        name.ShouldStartWith(ServerThread, Case.Sensitive, $"handler ran on '{name}'");
    }

    [Fact]
    public async Task Inline_handlers_that_await_throw_or_wait_for_a_slot_all_answer()
    {
        // Two slots for 300 calls, a third of them awaiting: calls wait for a slot and are started as others finish.
        var options = new ServerOptions { RunHandlersInline = true, MaxConcurrentCalls = 2 };
        await using var server = new ThreadProbeServer(new ThreadProbe(), "tcp://127.0.0.1:*", options);
        server.Start();
        await using var client = new ThreadProbeClient(server.Endpoint);

        var calls = Enumerable.Range(0, 300).Select(async i =>
        {
            switch (i % 3)
            {
                case 0:
                    return await client.AfterYieldAsync(i) == i;
                case 1:
                    var error = await Should.ThrowAsync<RemoteException>(client.FailAsync($"no {i}").AsTask());
                    return error.Code == "probe" && error.Message == $"no {i}";
                default:
                    return (await client.ThreadNameAsync()).StartsWith(ServerThread, StringComparison.Ordinal);
            }
        });

        var results = await Task.WhenAll(calls).Within();

        results.ShouldAllBe(ok => ok);
    }

    [Fact]
    public async Task An_inline_handler_can_dispose_its_own_server()
    {
        var probe = new ThreadProbe();
        var server = new ThreadProbeServer(probe, "tcp://127.0.0.1:*", new ServerOptions { RunHandlersInline = true });
        probe.Server = server;
        var running = server.RunAsync();
        await using var client = new ThreadProbeClient(server.Endpoint, new ClientOptions { CallTimeout = TimeSpan.FromSeconds(2) });

        // The reply may or may not leave before the socket closes; the server must stop either way.
        try
        {
            await client.StopServerAsync().Within();
        }
        catch (TimeoutException)
        {
        }

        await running.Within();
    }

    [Fact]
    public async Task Inline_continuations_resume_on_the_socket_thread()
    {
        // By default they mostly resume there too, but without the socket's turn (DeferredUserCodeTests).
        await using var server = new ShapesServer(new Shapes(), "tcp://127.0.0.1:*");
        server.Start();
        await using var client = new ShapesClient(server.Endpoint, new ClientOptions { RunContinuationsInline = true });

        var onSocketThread = await Task.Run(async () =>
        {
            var count = 0;
            for (var i = 0; i < 20; i++)
            {
                await client.AddAsync(i, 1).ConfigureAwait(false);
                if ((Thread.CurrentThread.Name ?? "").StartsWith(ClientThread, StringComparison.Ordinal)) count++;
            }

            return count;
        }).Within();

        // The first call starts on the thread pool and completes there if its reply beats its await (a loaded
        // machine); every later call starts on the socket thread and resumes there.
        onSocketThread.ShouldBeGreaterThanOrEqualTo(19);
    }

    [Fact]
    public async Task Calls_made_from_an_inline_continuation_are_sent_from_the_socket_thread_and_answered()
    {
        await using var server = new ShapesServer(new Shapes(), "tcp://127.0.0.1:*");
        server.Start();
        await using var client = new ShapesClient(server.Endpoint, new ClientOptions { RunContinuationsInline = true });

        // Eight chains of 100 calls: every call after the first of a chain starts on the client's socket thread.
        var chains = Enumerable.Range(0, 8).Select(chain => Task.Run(async () =>
        {
            var total = 0;
            var onSocketThread = 0;
            for (var i = 0; i < 100; i++)
            {
                total = await client.AddAsync(total, 1).ConfigureAwait(false);
                if ((Thread.CurrentThread.Name ?? "").StartsWith(ClientThread, StringComparison.Ordinal)) onSocketThread++;
            }

            return (total, onSocketThread);
        }));

        var results = await Task.WhenAll(chains).Within();

        // The first call of a chain starts on the thread pool; if its reply beats its await (a loaded machine), it
        // completes synchronously there. And a pool thread that sends a chain's first call holds the turn until a receive
        // finds nothing, so it may take another chain's reply, which then resumes on it (once seen in a whole-suite run:
        // 98 of 100). Later calls start on the socket thread and resume there: all but a few of each chain.
        results.ShouldAllBe(r => r.total == 100 && r.onSocketThread >= 90);
    }

    [Fact]
    public async Task With_inline_continuations_a_timeout_still_resumes_on_the_thread_pool()
    {
        var shapes = new Shapes();
        await using var server = new ShapesServer(shapes, "tcp://127.0.0.1:*");
        server.Start();
        await using var client = new ShapesClient(server.Endpoint, new ClientOptions { RunContinuationsInline = true, CallTimeout = TimeSpan.FromMilliseconds(200) });

        var name = await Task.Run(async () =>
        {
            try
            {
                await client.SlowAsync(10_000, CancellationToken.None).ConfigureAwait(false);
                return "answered";
            }
            catch (TimeoutException)
            {
                return Thread.CurrentThread.Name ?? "";
            }
        }).Within();

        name.ShouldNotBe("answered");
        name.StartsWith(ClientThread, StringComparison.Ordinal).ShouldBeFalse($"timeout resumed on '{name}'");
    }

    [Fact]
    public async Task An_inline_continuation_can_dispose_its_client()
    {
        await using var server = new ShapesServer(new Shapes(), "tcp://127.0.0.1:*");
        server.Start();
        var client = new ShapesClient(server.Endpoint, new ClientOptions { RunContinuationsInline = true });

        var afterDispose = await Task.Run(async () =>
        {
            await client.AddAsync(1, 2).ConfigureAwait(false);
            client.Dispose();
            return client.AddAsync(3, 4).AsTask();
        }).Within();

        await Should.ThrowAsync<ObjectDisposedException>(afterDispose.Within());
    }

    [Fact]
    public async Task Code_resumed_inline_without_ConfigureAwait_is_not_captured_by_the_socket_thread()
    {
        // Application code rarely writes ConfigureAwait(false). Resumed on the client's socket thread, each await in it
        // must not capture that thread: the code after it would keep running there, and would fail to resume at all
        // once the client it belongs to is disposed.
        await using var server = new ShapesServer(new Shapes(), "tcp://127.0.0.1:*");
        server.Start();
        var first = new ShapesClient(server.Endpoint, new ClientOptions { RunContinuationsInline = true });
        await using var second = new ShapesClient(server.Endpoint);

        var (sum, context) = await Task.Run(async () =>
        {
            await first.AddAsync(1, 2);

            // What the next await would capture: nothing, or the plain context, which await treats as none.
            var captured = SynchronizationContext.Current;
            first.Dispose();
            return (await second.AddAsync(3, 4), captured);
        }).Within();

        sum.ShouldBe(7);
        (context is null || context.GetType() == typeof(SynchronizationContext)).ShouldBeTrue($"code resumed on the socket thread sees {context}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Subscriber_handlers_run_in_order_and_past_failures_and_inline_ones_all_on_the_socket_thread(bool inline)
    {
        await using var publisher = new TemperatureFeedPublisher("tcp://127.0.0.1:*");
        var recorder = new FeedRecorder();
        var threads = new ConcurrentQueue<string>();
        recorder.Before = call =>
        {
            threads.Enqueue(Thread.CurrentThread.Name ?? "");
            if (call == "Count 250") throw new InvalidOperationException("the handler failed");
        };
        await using var subscriber = new TemperatureFeedSubscriber(recorder, publisher.Endpoint, new SubscriberOptions { RunHandlersInline = inline });
        subscriber.Start();
        (await publisher.WaitForSubscribersAsync(1, Bounded.Wait)).ShouldBeTrue();

        for (var i = 1; i <= 500; i++) publisher.Count(i);

        (await recorder.NextAsync(499)).ShouldBe(Enumerable.Range(1, 500).Where(static i => i != 250).Select(static i => $"Count {i}"));
        subscriber.Statistics.Missed.ShouldBe(0);
        subscriber.Statistics.HandlerFailures.ShouldBe(1);
        // By default the socket thread runs handlers too, without the socket (DeferredReceiverTests), or the thread pool.
        if (inline) threads.ShouldAllBe(name => name.StartsWith("ZeroContracts subscriber", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_inline_puller_handler_runs_on_the_socket_thread_and_can_dispose_its_puller()
    {
        await using var pusher = new WorkPusher("tcp://127.0.0.1:*");
        WorkPuller? puller = null;
        var worker = new DisposingWorker(() => puller!.Dispose());
        puller = new WorkPuller(worker, pusher.Endpoint, new PullerOptions { RunHandlersInline = true });
        var running = puller.RunAsync();
        (await pusher.WaitForWorkersAsync(1, Bounded.Wait)).ShouldBeTrue();

        pusher.Do(1);

        await running.Within();
        worker.Thread.ShouldStartWith("ZeroContracts puller");
    }

    /// <summary>Disposes its own puller from the first handler call.</summary>
    private sealed class DisposingWorker(Action dispose) : IWork
    {
        public string Thread { get; private set; } = "";

        public void Do(int id)
        {
            Thread = System.Threading.Thread.CurrentThread.Name ?? "";
            dispose();
        }

        public void Add(int id, string label)
        {
        }

        public void Fail(string why)
        {
        }
    }
}
