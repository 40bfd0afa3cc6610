using System.Collections.Concurrent;
using System.Text;
using NetMQ;
using NetMQ.Sockets;
using ZeroContracts.Messaging;
using ZeroContracts.Runtime.Tests.Contracts;
using ZeroContracts.Runtime.Tests.Support;

namespace ZeroContracts.Runtime.Tests;

/// <summary>
/// By default a subscriber's or puller's socket thread runs the handlers of the messages it reads itself, without the
/// socket's turn, and queues for a thread-pool run what it cannot (ReceiveLoop): a handler that blocks there must not
/// stop the socket being read, nor let a later message run before it, nor keep apart handlers that may run together.
/// </summary>
public sealed class DeferredReceiverTests
{
    private const string SubscriberThread = "ZeroContracts subscriber";

    [Fact]
    public async Task A_subscriber_handler_blocked_on_the_socket_thread_lets_a_stand_in_read_on_and_nothing_runs_past_it()
    {
        await using var publisher = new TemperatureFeedPublisher(Transports.BindAddress("inproc"));
        using var gate = new ManualResetEventSlim(false);
        using var entered = new SemaphoreSlim(0);
        var threads = new ConcurrentDictionary<string, string>();
        var recorder = new FeedRecorder
        {
            Before = call =>
            {
                threads[call] = Thread.CurrentThread.Name ?? "";
                if (call != "Count 1") return;
                entered.Release();
                gate.Wait(Bounded.Wait);
            },
        };
        await using var subscriber = new TemperatureFeedSubscriber(recorder, publisher.Endpoint);
        subscriber.Start();
        (await publisher.WaitForSubscribersAsync(1, Bounded.Wait)).ShouldBeTrue();
        publisher.Count(1);
        (await entered.WaitAsync(Bounded.Wait)).ShouldBeTrue();

        // The first handler holds the socket thread: without a stand-in nothing more would be read.
        for (var i = 2; i <= 50; i++) publisher.Count(i);
        await Eventually(() => subscriber.Statistics.Received == 50);
        (await recorder.AvailableAsync(TimeSpan.FromMilliseconds(50))).ShouldBeEmpty("no handler may run before the first has returned");
        gate.Set();

        (await recorder.NextAsync(50)).ShouldBe(Enumerable.Range(1, 50).Select(static i => $"Count {i}"));
        threads["Count 1"].ShouldStartWith(SubscriberThread);
        threads["Count 2"].ShouldNotStartWith(SubscriberThread, Case.Sensitive, "what the stand-in read waits for a thread-pool run");
    }

    [Fact]
    public async Task Puller_handlers_allowed_to_run_two_at_a_time_can_wait_for_each_other()
    {
        await using var pusher = new WorkPusher("tcp://127.0.0.1:*");
        var worker = new MeetingWorker(2);
        await using var puller = new WorkPuller(worker, pusher.Endpoint, new PullerOptions { MaxConcurrentHandlers = 2 });
        puller.Start();
        (await pusher.WaitForWorkersAsync(1, Bounded.Wait)).ShouldBeTrue();

        // Read together, both go to the socket thread; the first waits there for the second, which must run elsewhere.
        pusher.Do(1);
        pusher.Do(2);

        (await worker.Met.Task.Within()).ShouldBe(2);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_puller_whose_handlers_now_and_then_block_past_a_tick_still_takes_every_message(int handlers)
    {
        // ZeroMQ's queues stay full, so the socket thread keeps pausing (a full queue) and being resumed by the
        // handler runs, and each slow handler brings a stand-in that reads on and hands the socket back: no resume may
        // be lost, and the socket thread must read on from where the stand-in left it, though the socket announces
        // nothing more.
        const int Messages = 20_000;
        await using var pusher = new WorkPusher("tcp://127.0.0.1:*");
        var worker = new SlowNowAndThenWorker(every: 997, runFor: TimeSpan.FromMilliseconds(4));
        await using var puller = new WorkPuller(worker, pusher.Endpoint, new PullerOptions { MaxConcurrentHandlers = handlers });
        puller.Start();
        (await pusher.WaitForWorkersAsync(1, Bounded.Wait)).ShouldBeTrue();

        // As fast as the pusher takes them: ZeroMQ's queues fill up, and the socket announces nothing while they stay full.
        await Task.Run(() =>
        {
            for (var i = 0; i < Messages; i++) pusher.Do(i);
        }).Within();

        using var timeout = new CancellationTokenSource(Bounded.Wait);
        while (worker.Ids.Count < Messages) await worker.Done.WaitAsync(timeout.Token);
        worker.Ids.Order().ShouldBe(Enumerable.Range(0, Messages));
        if (handlers == 1) worker.Ids.ShouldBeInOrder(SortDirection.Ascending);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_full_queue_pauses_reading_until_a_reader_makes_room_on_either_wait(bool useMailbox)
    {
        var endpoint = $"inproc://deferred-receiver-{Guid.NewGuid():N}";
        var pull = new PullSocket();
        pull.Bind(endpoint);
        using var push = new PushSocket(endpoint);
        ReceiveLoop? loop = null;
        loop = new ReceiveLoop(pull, "test loop", capacity: 4, new PullerOptions(), (frames, into) => loop!.DecodeBare(frames, into, "Line"), null, useMailbox: useMailbox);
        using (loop)
        {
            loop.WaitsOnMailbox.ShouldBe(useMailbox);
            loop.Start(0, null);
            for (var i = 0; i < 100; i++) push.SendFrame(Encoding.UTF8.GetBytes(i.ToString()));

            // Four queued and one held back: the socket thread has stopped reading, and waits for room.
            await Eventually(() => loop.Statistics.Received == 5);

            var read = new List<string>();
            using var timeout = new CancellationTokenSource(Bounded.Wait);
            while (read.Count < 100 && await loop.WaitToReadAsync(timeout.Token))
            {
                while (loop.TryRead(out var message))
                {
                    read.Add(message.ReadBody<string>());
                    loop.Return(message);
                }
            }

            read.ShouldBe(Enumerable.Range(0, 100).Select(static i => i.ToString()));
        }
    }

    /// <summary>Waits, boundedly, for a condition that another thread makes true.</summary>
    private static async Task Eventually(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Bounded.Wait);
        while (!condition()) await Task.Delay(5, timeout.Token);
    }

    /// <summary>Records the ids; every <c>every</c>th call runs for <c>runFor</c> first, as a slow handler would.</summary>
    private sealed class SlowNowAndThenWorker(int every, TimeSpan runFor) : IWork
    {
        public ConcurrentQueue<int> Ids { get; } = new();

        public SemaphoreSlim Done { get; } = new(0);

        public void Do(int id)
        {
            if (id % every == every - 1)
            {
                var until = DateTime.UtcNow + runFor;
                while (DateTime.UtcNow < until) Thread.SpinWait(100);
            }

            Ids.Enqueue(id);
            Done.Release();
        }

        public void Add(int id, string label)
        {
        }

        public void Fail(string why)
        {
        }
    }

    /// <summary>Each <see cref="Do"/> waits until <c>count</c> of them are running at once.</summary>
    private sealed class MeetingWorker(int count) : IWork
    {
        private readonly Barrier _barrier = new(count);

        public TaskCompletionSource<int> Met { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Do(int id)
        {
            if (_barrier.SignalAndWait(Bounded.Wait)) Met.TrySetResult(count);
            else Met.TrySetException(new TimeoutException($"handler {id} did not meet the others"));
        }

        public void Add(int id, string label)
        {
        }

        public void Fail(string why)
        {
        }
    }
}
