using System.Collections.Concurrent;
using NetMQ;
using NetMQ.Sockets;
using ZeroContracts.Runtime.Tests.Contracts;
using ZeroContracts.Runtime.Tests.Support;
using static ZeroContracts.Runtime.Tests.Support.RawPeer;

namespace ZeroContracts.Runtime.Tests;

/// <summary>[Pipeline]: work is shared fairly, nothing is lost or duplicated, pushing blocks instead of dropping.</summary>
public sealed class PipelineTests
{
    [Theory]
    [MemberData(nameof(Transports.All), MemberType = typeof(Transports))]
    public async Task Messages_reach_a_worker_with_the_right_types(string transport)
    {
        await using var pusher = new WorkPusher(Transports.BindAddress(transport));
        var worker = new Worker();
        await using var puller = new WorkPuller(worker, pusher.Endpoint);
        puller.Start();

        pusher.Do(1);
        pusher.Add(2, "två");
        await pusher.DoAsync(3);

        await worker.WaitForAsync(3);
        worker.Ids.ShouldBe(new[] { 1, 3 });
        worker.Labels.ShouldBe(new[] { "2:två" });
        puller.Statistics.ShouldBe(new MessageStatistics(3, 0, 0, 0));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Three_pullers_share_3000_messages_fairly_with_none_lost_or_duplicated(bool inline)
    {
        await using var pusher = new WorkPusher("tcp://127.0.0.1:*");
        using var done = new SemaphoreSlim(0);
        var workers = new[] { new Worker(done), new Worker(done), new Worker(done) };
        var pullers = workers.Select(w => new WorkPuller(w, pusher.Endpoint, new PullerOptions { RunHandlersInline = inline })).ToList();
        try
        {
            foreach (var puller in pullers) puller.Start();
            (await pusher.WaitForWorkersAsync(3, Bounded.Wait)).ShouldBeTrue();
            pusher.WorkerCount.ShouldBe(3);

            for (var i = 0; i < 3000; i++) pusher.Do(i);

            using var timeout = new CancellationTokenSource(Bounded.Wait);
            while (workers.Sum(static w => w.Handled) < 3000) await done.WaitAsync(timeout.Token);
            var all = workers.SelectMany(static w => w.Ids).ToList();
            all.Count.ShouldBe(3000);
            all.Distinct().Count().ShouldBe(3000);
            foreach (var worker in workers)
            {
                worker.Ids.Count.ShouldBeGreaterThanOrEqualTo(500, "each worker should get a fair share (1000 under round-robin)");
                worker.Ids.ShouldBeInOrder(SortDirection.Ascending);
            }
        }
        finally
        {
            foreach (var puller in pullers) puller.Dispose();
        }
    }

    [Fact]
    public async Task Pushing_blocks_at_the_high_water_mark_and_never_drops()
    {
        using var gate = new ManualResetEventSlim(false);
        var worker = new Worker { Gate = gate };
        var options = new PusherOptions { SendHighWaterMark = 1, MaxQueuedMessages = 1, SendTimeout = TimeSpan.FromMilliseconds(200) };
        await using var pusher = new WorkPusher(Transports.BindAddress("inproc"), options);
        await using var puller = new WorkPuller(worker, pusher.Endpoint, new PullerOptions { ReceiveHighWaterMark = 1 });
        puller.Start();

        // The worker holds its first message: the queues fill and a push finally times out instead of dropping.
        var accepted = 0;
        TimeoutException? timedOut = null;
        while (timedOut is null && accepted < 1000)
        {
            try
            {
                pusher.Do(accepted);
                accepted++;
            }
            catch (TimeoutException e)
            {
                timedOut = e;
            }
        }

        timedOut.ShouldNotBeNull();
        accepted.ShouldBeLessThan(1000);
        gate.Set();
        await worker.WaitForAsync(accepted);
        worker.Ids.ShouldBe(Enumerable.Range(0, accepted));
    }

    [Fact]
    public async Task PushAsync_waits_for_room_and_can_be_cancelled()
    {
        await using var pusher = new WorkPusher("tcp://127.0.0.1:*", new PusherOptions { MaxQueuedMessages = 1 });
        await pusher.DoAsync(1).Within(); // no worker yet: it waits in the pusher
        using var cancel = new CancellationTokenSource();

        var blocked = pusher.DoAsync(2, cancel.Token);
        blocked.IsCompleted.ShouldBeFalse();
        cancel.Cancel();

        await Should.ThrowAsync<OperationCanceledException>(() => blocked.Within());
        var worker = new Worker();
        await using var puller = new WorkPuller(worker, pusher.Endpoint);
        puller.Start();
        await worker.WaitForAsync(1);
        worker.Ids.ShouldBe(new[] { 1 });
    }

    [Fact]
    public async Task A_blocked_push_fails_when_the_pusher_is_disposed()
    {
        var pusher = new WorkPusher("tcp://127.0.0.1:*", new PusherOptions { MaxQueuedMessages = 1 });
        pusher.Do(1);
        var blocked = Task.Run(() => pusher.Do(2));

        pusher.Dispose();

        await Should.ThrowAsync<ObjectDisposedException>(() => blocked.Within());
        (await pusher.WaitForWorkersAsync(1, Bounded.Wait)).ShouldBeFalse();
    }

    [Fact]
    public async Task Handler_failures_and_malformed_messages_are_counted_and_the_worker_goes_on()
    {
        await using var fed = new RawlyFedPuller();
        var (raw, worker, reported, puller) = (fed.Raw, fed.Worker, fed.Reported, fed.Puller);

        Send(raw, Utf8("Nope"), Utf8("1"));          // unknown operation
        Send(raw, Utf8("Do"), Utf8("not json"));     // bad body
        Send(raw, Utf8("bad name!"));                // invalid header
        Send(raw, Utf8("Do"), Utf8("1"), Utf8("2")); // too many frames
        Send(raw, Utf8("Fail"), Utf8("boom"));       // the handler throws
        Send(raw, Utf8("~1 Do"), Utf8("7"));         // a versioned header

        await worker.WaitForAsync(2);
        worker.Ids.ShouldBe(new[] { 7 });
        puller.Statistics.Malformed.ShouldBe(4);
        puller.Statistics.HandlerFailures.ShouldBe(1);
        reported.Single(static e => e.Kind == MessageEventKind.HandlerFailed).Exception!.Message.ShouldBe("boom");
    }

    [Fact]
    public async Task Pushed_messages_follow_the_protocol_document()
    {
        await using var pusher = new WorkPusher("tcp://127.0.0.1:*");
        using var raw = new PullSocket();
        raw.Connect(pusher.Endpoint);

        pusher.Do(7);
        pusher.Add(1, "a");
        pusher.Fail("");
        pusher.Fail(null!);

        Receive(raw).ShouldBe(new[] { Compact("Do", "7") });
        Receive(raw).ShouldBe(new[] { Compact("Add", """{"id":1,"label":"a"}""") });
        Receive(raw).ShouldBe(new[] { Compact("Fail", "") });
        Receive(raw).ShouldBe(new[] { Utf8("Fail") });
    }

    [Fact]
    public async Task A_puller_takes_the_body_in_the_operation_frame_or_in_a_frame_of_its_own()
    {
        await using var fed = new RawlyFedPuller();
        var (raw, worker, reported, puller) = (fed.Raw, fed.Worker, fed.Reported, fed.Puller);

        Send(raw, Compact("Do", "1"));
        Send(raw, Utf8("Do"), Utf8("2"));
        Send(raw, Compact("~1 Do", "3"));
        Send(raw, Compact("Do", "4"), Utf8("5"));             // a body in both places: malformed
        Send(raw, Compact("Nope", "6"));                      // unknown operation
        Send(raw, Utf8("Do\u00FF").Append((byte)0xFF).ToArray()); // invalid name before the separator
        Send(raw, Compact("Fail", ""));                       // an empty string, not null
        Send(raw, Utf8("Fail"));                              // null
        Send(raw, Compact("Do", "7"));

        await worker.WaitForAsync(6);
        worker.Ids.ShouldBe(new[] { 1, 2, 3, 7 });
        puller.Statistics.Malformed.ShouldBe(3);
        var failures = reported.Where(static e => e.Kind == MessageEventKind.HandlerFailed).Select(static e => e.Exception!.Message).ToList();
        failures.Count.ShouldBe(2);
        failures[0].ShouldBe("");
        failures[1].ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task Several_handlers_run_at_once_when_allowed()
    {
        using var gate = new ManualResetEventSlim(false);
        var worker = new Worker { Gate = gate };
        await using var pusher = new WorkPusher(Transports.BindAddress("inproc"));
        await using var puller = new WorkPuller(worker, pusher.Endpoint, new PullerOptions { MaxConcurrentHandlers = 4 });
        puller.Start();

        for (var i = 0; i < 8; i++) pusher.Do(i);

        // Four handlers are inside Do at the same time, all held by the gate.
        using (var timeout = new CancellationTokenSource(Bounded.Wait))
        {
            for (var i = 0; i < 4; i++) await worker.Entered.WaitAsync(timeout.Token);
        }

        worker.Handled.ShouldBe(0);
        gate.Set();
        await worker.WaitForAsync(8);
        worker.Ids.OrderBy(static i => i).ShouldBe(Enumerable.Range(0, 8));
    }

    [Fact]
    public async Task With_every_queue_at_one_a_held_worker_is_passed_over()
    {
        // Over inproc the queues are exact: a worker whose handler is held keeps only what its queues hold (the
        // pipe's one message each way, one read ahead, one the socket thread holds while the queue is full), so
        // the free worker gets the rest. With a larger read-ahead the held worker would keep its round-robin half.
        using var gate = new ManualResetEventSlim(false);
        using var done = new SemaphoreSlim(0);
        var held = new Worker(done) { Gate = gate };
        var free = new Worker(done);
        await using var pusher = new WorkPusher(Transports.BindAddress("inproc"), new PusherOptions { SendHighWaterMark = 1 });
        var strict = new PullerOptions { ReceiveHighWaterMark = 1, Prefetch = 1 };
        await using var heldPuller = new WorkPuller(held, pusher.Endpoint, strict);
        heldPuller.Start();
        pusher.Do(-1);
        await held.Entered.WaitAsync(Bounded.Wait);

        await using var freePuller = new WorkPuller(free, pusher.Endpoint, strict);
        freePuller.Start();
        for (var i = 0; i < 100; i++) await pusher.DoAsync(i).Within();

        await free.WaitForAsync(100 - 6);
        heldPuller.Statistics.Received.ShouldBeLessThanOrEqualTo(7);
        gate.Set();
        using var timeout = new CancellationTokenSource(Bounded.Wait);
        while (held.Handled + free.Handled < 101) await done.WaitAsync(timeout.Token);
        held.Ids.Concat(free.Ids).Order().ShouldBe(Enumerable.Range(-1, 101));
    }

    [Fact]
    public void Prefetch_must_be_positive()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new WorkPuller(new Worker(), "inproc://nowhere", new PullerOptions { Prefetch = 0 }))
            .ParamName.ShouldBe("Prefetch");
    }

    [Fact]
    public async Task Bare_framing_is_one_frame()
    {
        await using var pusher = new LinesPusher("tcp://127.0.0.1:*");
        using var raw = new PullSocket();
        raw.Connect(pusher.Endpoint);
        pusher.Line("hello");
        Receive(raw).Select(Text).ShouldBe(new[] { "hello" });

        using var rawPusher = new PushSocket();
        var port = rawPusher.BindRandomPort("tcp://127.0.0.1");
        var collector = new LineCollector();
        await using var puller = new LinesPuller(collector, $"tcp://127.0.0.1:{port}");
        puller.Start();
        Send(rawPusher, Utf8("from a plain PUSH socket"));
        (await collector.Lines.Reader.ReadAsync().AsTask().Within()).ShouldBe("from a plain PUSH socket");
    }

    [Fact]
    public async Task Pushers_can_connect_to_pullers_that_bind()
    {
        var address = Transports.BindAddress("tcp");
        var worker = new Worker();
        await using var puller = new WorkPuller(worker, "@" + address);
        puller.Start();
        await using var pusher = new WorkPusher(">" + puller.Endpoint);

        // A connecting PUSH socket queues for its endpoint until the connection is up, so nothing needs to wait first.
        for (var i = 0; i < 10; i++) pusher.Do(i);

        await worker.WaitForAsync(10);
        worker.Ids.ShouldBe(Enumerable.Range(0, 10));
    }

    [Fact]
    public async Task A_connecting_pusher_counts_every_worker_it_connects_to_at_once()
    {
        // The connections complete while the pusher is being constructed; each must still be counted. Twenty rounds,
        // because the race this guards against (events raised before the monitor listened) lost them one time in ten.
        for (var round = 0; round < 20; round++)
        {
            var pullers = Enumerable.Range(0, 3).Select(static _ => new PullSocket()).ToList();
            try
            {
                var endpoints = pullers.Select(static p => ">tcp://127.0.0.1:" + p.BindRandomPort("tcp://127.0.0.1"));
                await using var pusher = new WorkPusher(string.Join(",", endpoints));

                (await pusher.WaitForWorkersAsync(3, Bounded.Wait)).ShouldBeTrue($"round {round}: {pusher.WorkerCount} workers counted");
                pusher.WorkerCount.ShouldBe(3);
            }
            finally
            {
                foreach (var puller in pullers) puller.Dispose();
            }
        }
    }

    [Fact]
    public async Task Waiting_for_workers_on_an_inproc_only_pusher_is_refused_not_left_to_time_out()
    {
        await using var pusher = new WorkPusher(Transports.BindAddress("inproc"));

        var refused = await Should.ThrowAsync<NotSupportedException>(() => pusher.WaitForWorkersAsync(1, Bounded.Wait));

        refused.Message.ShouldContain("inproc");
    }

    [Fact]
    public async Task Dispose_does_not_wait_for_a_handler_that_is_still_running()
    {
        using var gate = new ManualResetEventSlim(false);
        var worker = new Worker { Gate = gate };
        await using var pusher = new WorkPusher(Transports.BindAddress("inproc"));
        var puller = new WorkPuller(worker, pusher.Endpoint);
        puller.Start();
        pusher.Do(1);
        (await worker.Entered.WaitAsync(Bounded.Wait)).ShouldBeTrue();

        await Task.Run(puller.Dispose).Within();
        gate.Set();

        await worker.WaitForAsync(1);
        worker.Ids.ShouldBe(new[] { 1 });
    }

    [Fact]
    public async Task RunAsync_stops_when_cancelled()
    {
        await using var pusher = new WorkPusher("tcp://127.0.0.1:*");
        using var stop = new CancellationTokenSource();
        await using var puller = new WorkPuller(new Worker(), pusher.Endpoint);
        var running = puller.RunAsync(stop.Token);

        stop.Cancel();

        await running.Within();
    }

    /// <summary>A started puller fed by a plain PUSH socket, with the events it reports.</summary>
    private sealed class RawlyFedPuller : IAsyncDisposable
    {
        public RawlyFedPuller()
        {
            var port = Raw.BindRandomPort("tcp://127.0.0.1");
            Puller = new WorkPuller(Worker, $"tcp://127.0.0.1:{port}", new PullerOptions { OnEvent = Reported.Enqueue });
            Puller.Start();
        }

        public PushSocket Raw { get; } = new();

        public Worker Worker { get; } = new();

        public ConcurrentQueue<MessageEvent> Reported { get; } = new();

        public WorkPuller Puller { get; }

        public async ValueTask DisposeAsync()
        {
            await Puller.DisposeAsync();
            Raw.Dispose();
        }
    }
}
