using ZeroContracts.Security.Tests.Support;

namespace ZeroContracts.Security.Tests.Curve;

/// <summary>CURVE on generated pushers and pullers, either side binding.</summary>
public sealed class CurvePipelineTests
{
    [Theory]
    [InlineData("puller")]
    [InlineData("subscriber")]
    public async Task A_receiver_with_the_wrong_server_key_reports_why_nothing_arrives(string receiver)
    {
        // A pusher or publisher with one key, a receiver that expects another: no handshake can complete, and with no
        // call to fail the receiver says so through its events, once however often it retries.
        var keys = CurveKeyPair.Generate();
        var wrong = new CurveClientOptions(CurveKeyPair.Generate().PublicKey) { ReconnectInterval = TimeSpan.FromMilliseconds(20) };
        var failures = System.Threading.Channels.Channel.CreateUnbounded<MessageEvent>();
        Action<MessageEvent> onEvent = e => { if (e.Kind == MessageEventKind.ConnectionFailed) failures.Writer.TryWrite(e); };
        await using var pusher = new JobsPusher("tcp://127.0.0.1:*", new PusherOptions { CurveServer = new CurveServerOptions(keys) });
        await using var publisher = new AlertsPublisher("tcp://127.0.0.1:*", new PublisherOptions { CurveServer = new CurveServerOptions(keys) });
        await using IAsyncDisposable started = receiver == "puller"
            ? Start(new JobsPuller(new JobWorker(new JobCounter()), pusher.Endpoint, new PullerOptions { CurveClient = wrong, OnEvent = onEvent }))
            : Start(new AlertsSubscriber(new AlertRecorder(), publisher.Endpoint, new SubscriberOptions { CurveClient = wrong, OnEvent = onEvent }));

        var failure = await failures.Reader.ReadAsync().AsTask().WaitAsync(Keys.Wait);

        failure.Message.ShouldContain("CURVE handshake");
        failure.Topic.ShouldBeNull();

        // Several more attempts fail the same way (20 ms apart) without a second report.
        await Task.Delay(300);
        failures.Reader.TryRead(out _).ShouldBeFalse();
    }

    private static JobsPuller Start(JobsPuller puller)
    {
        puller.Start();
        return puller;
    }

    private static AlertsSubscriber Start(AlertsSubscriber subscriber)
    {
        subscriber.Start();
        return subscriber;
    }

    [Fact]
    public async Task A_curve_pusher_spreads_work_over_curve_pullers_and_counts_them()
    {
        var keys = CurveKeyPair.Generate();
        await using var pusher = new JobsPusher("tcp://127.0.0.1:*", new PusherOptions { CurveServer = new CurveServerOptions(keys) });
        var counter = new JobCounter();
        var workers = new[] { new JobWorker(counter), new JobWorker(counter) };
        await using var one = new JobsPuller(workers[0], pusher.Endpoint, new PullerOptions { CurveClient = new CurveClientOptions(keys.PublicKey) });
        await using var two = new JobsPuller(workers[1], pusher.Endpoint, new PullerOptions { CurveClient = new CurveClientOptions(keys.PublicKey) });
        one.Start();
        two.Start();
        (await pusher.WaitForWorkersAsync(2, Keys.Wait)).ShouldBeTrue();
        pusher.WorkerCount.ShouldBe(2);

        for (var i = 0; i < 100; i++) pusher.Run(i);
        await counter.WaitForAsync(100);
        workers.SelectMany(w => w.Ids).Order().ShouldBe(Enumerable.Range(0, 100));
        workers.ShouldAllBe(w => !w.Ids.IsEmpty);
    }

    [Fact]
    public async Task A_slow_worker_behind_the_gateway_loses_nothing()
    {
        var keys = CurveKeyPair.Generate();
        // Small queues everywhere, so the gateway's own queue fills and it must hold the mirror back, not drop.
        await using var pusher = new JobsPusher("tcp://127.0.0.1:*", new PusherOptions { CurveServer = new CurveServerOptions(keys), SendHighWaterMark = 2, ReceiveHighWaterMark = 2 });
        var counter = new JobCounter();
        var worker = new JobWorker(counter);
        await using var puller = new JobsPuller(worker, pusher.Endpoint, new PullerOptions { CurveClient = new CurveClientOptions(keys.PublicKey), ReceiveHighWaterMark = 2, SendHighWaterMark = 2 });
        puller.Start();
        (await pusher.WaitForWorkersAsync(1, Keys.Wait)).ShouldBeTrue();

        for (var i = 0; i < 500; i++) pusher.Run(i);
        await counter.WaitForAsync(500);
        worker.Ids.ShouldBe(Enumerable.Range(0, 500));
    }

    [Fact]
    public async Task A_worker_that_leaves_frees_its_connection_and_is_no_longer_counted()
    {
        var keys = CurveKeyPair.Generate();
        await using var pusher = new JobsPusher("tcp://127.0.0.1:*", new PusherOptions { CurveServer = new CurveServerOptions(keys) });
        var counter = new JobCounter();
        var stayer = new JobWorker(counter);
        await using var stays = new JobsPuller(stayer, pusher.Endpoint, new PullerOptions { CurveClient = new CurveClientOptions(keys.PublicKey) });
        stays.Start();
        await using (var leaves = new JobsPuller(new JobWorker(counter), pusher.Endpoint, new PullerOptions { CurveClient = new CurveClientOptions(keys.PublicKey) }))
        {
            leaves.Start();
            (await pusher.WaitForWorkersAsync(2, Keys.Wait)).ShouldBeTrue();
        }

        // The gateway counts a worker out only when its connection and mirror are gone.
        using var timeout = new CancellationTokenSource(Keys.Wait);
        while (pusher.WorkerCount != 1) await Task.Delay(10, timeout.Token);

        // NetMQ closes the PUSH socket's pipe to the departed mirror on its own threads a moment later, and ZeroMQ
        // loses what is dealt to a pipe in that moment: probes (negative ids) go first until one reaches the stayer.
        for (var probe = -1; stayer.Ids.IsEmpty; probe--)
        {
            pusher.Run(probe);
            await Task.Delay(10, timeout.Token);
        }

        var before = counter.Count;
        for (var i = 0; i < 10; i++) pusher.Run(i);
        await counter.WaitForAsync(before + 10);
        stayer.Ids.Where(static id => id >= 0).ShouldBe(Enumerable.Range(0, 10));
    }

    [Fact]
    public async Task A_binding_curve_puller_takes_work_from_a_connecting_curve_pusher()
    {
        var keys = CurveKeyPair.Generate();
        var counter = new JobCounter();
        var worker = new JobWorker(counter);
        await using var puller = new JobsPuller(worker, "@tcp://127.0.0.1:*", new PullerOptions { CurveServer = new CurveServerOptions(keys) });
        puller.Start();
        await using var pusher = new JobsPusher(">" + puller.Endpoint, new PusherOptions { CurveClient = new CurveClientOptions(keys.PublicKey) });
        (await pusher.WaitForWorkersAsync(1, Keys.Wait)).ShouldBeTrue();

        for (var i = 0; i < 20; i++) pusher.Run(i);
        await counter.WaitForAsync(20);
        worker.Ids.ShouldBe(Enumerable.Range(0, 20));
    }

    [Theory]
    [InlineData("zmtp1")]
    [InlineData("zmtp2")]
    [InlineData("http")]
    public async Task A_downgrading_pusher_runs_no_handler_on_a_curve_puller(string kind)
    {
        var keys = CurveKeyPair.Generate();
        var counter = new JobCounter();
        var worker = new JobWorker(counter);
        await using var puller = new JobsPuller(worker, "@tcp://127.0.0.1:*", new PullerOptions { CurveServer = new CurveServerOptions(keys) });
        puller.Start();

        byte[][] job = { "Run"u8.ToArray(), "666"u8.ToArray() };
        var bytes = kind switch { "zmtp1" => RawProbe.Zmtp10(job), "zmtp2" => RawProbe.Zmtp20(8, job), _ => RawProbe.Http };
        RawProbe.ShouldBeGreetingOnly(await RawProbe.SendAsync(puller.Endpoint, bytes));

        await using var pusher = new JobsPusher(">" + puller.Endpoint, new PusherOptions { CurveClient = new CurveClientOptions(keys.PublicKey) });
        (await pusher.WaitForWorkersAsync(1, Keys.Wait)).ShouldBeTrue();
        pusher.Run(1);
        await counter.WaitForAsync(1);
        worker.Ids.ShouldBe(new[] { 1 });
        puller.Statistics.Received.ShouldBe(1);
    }

    [Fact]
    public async Task A_puller_with_an_unknown_key_gets_no_work()
    {
        var keys = CurveKeyPair.Generate();
        var known = CurveKeyPair.Generate();
        await using var pusher = new JobsPusher("tcp://127.0.0.1:*", new PusherOptions
        {
            CurveServer = new CurveServerOptions(keys) { AllowedClientKeys = new[] { known.PublicKey } },
        });
        var counter = new JobCounter();
        var stranger = new JobWorker(counter);
        await using var strangerPuller = new JobsPuller(stranger, pusher.Endpoint, new PullerOptions { CurveClient = new CurveClientOptions(keys.PublicKey) });
        strangerPuller.Start();
        var friend = new JobWorker(counter);
        await using var friendPuller = new JobsPuller(friend, pusher.Endpoint, new PullerOptions { CurveClient = new CurveClientOptions(keys.PublicKey, known) });
        friendPuller.Start();
        (await pusher.WaitForWorkersAsync(1, Keys.Wait)).ShouldBeTrue();

        for (var i = 0; i < 10; i++) pusher.Run(i);
        await counter.WaitForAsync(10);
        friend.Ids.ShouldBe(Enumerable.Range(0, 10));
        stranger.Ids.ShouldBeEmpty();
        pusher.WorkerCount.ShouldBe(1);
    }
}
