using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Shouldly;
using Xunit;
using ZeroContracts.Bench.Diag;
using ZeroContracts.Bench.Peers;

namespace ZeroContracts.Bench.Tests;

/// <summary>How <c>--latency-breakdown</c> takes its batches in turn.</summary>
public sealed class LatencyBreakdownTests
{
    [Fact]
    public async Task Every_batch_starts_on_the_thread_pool_even_after_a_peer_that_resumes_on_its_own_thread()
    {
        // The first peer resumes its caller on a dedicated thread, as the typed client resumes callers on its socket
        // thread; the batch after it must not run there.
        using var resumesOnOwnThread = new ResumesOnOwnThread();
        using var recorder = new RecordsThreads();

        var (perCall, cpu) = await LatencyBreakdown.BatchesInTurnAsync(new IEchoPeer[] { resumesOnOwnThread, recorder }, rounds: 4, batch: 10)
            .WaitAsync(TimeSpan.FromSeconds(30));

        recorder.Threads.Count.ShouldBe(4);
        recorder.Threads.ShouldAllBe(static onPool => onPool);

        perCall.Length.ShouldBe(2);
        perCall[0].Length.ShouldBe(4);
        perCall[1].Length.ShouldBe(4);
        cpu.Length.ShouldBe(2);
    }

    private sealed class ResumesOnOwnThread : IEchoPeer
    {
        public Task RunAsync(int calls, int outstanding)
        {
            // No RunContinuationsAsynchronously: the awaiting code goes on on the thread that completes the task.
            var done = new TaskCompletionSource();
            new Thread(done.SetResult) { IsBackground = true, Name = "resumes callers" }.Start();
            return done.Task;
        }

        public void Dispose()
        {
        }
    }

    private sealed class RecordsThreads : IEchoPeer
    {
        public ConcurrentQueue<bool> Threads { get; } = new();

        public Task RunAsync(int calls, int outstanding)
        {
            Threads.Enqueue(Thread.CurrentThread.IsThreadPoolThread);
            return Task.CompletedTask;
        }

        public void Dispose()
        {
        }
    }
}
