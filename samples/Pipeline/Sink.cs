using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace Pipeline;

/// <summary>The sink: counts the results of one batch, per worker, and says when the batch is complete.</summary>
public sealed class Sink(int expected) : IResults
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _received;
    private int _primes;

    public ConcurrentDictionary<string, int> PerWorker { get; } = new();

    public int Primes => Volatile.Read(ref _primes);

    /// <summary>Completes when the first result has arrived.</summary>
    public Task Started => _started.Task;

    /// <summary>Completes when every task's result has arrived.</summary>
    public Task Complete => _complete.Task;

    public void Done(string worker, long candidate, bool isPrime)
    {
        _started.TrySetResult();
        PerWorker.AddOrUpdate(worker, 1, static (_, n) => n + 1);
        if (isPrime) Interlocked.Increment(ref _primes);
        if (Interlocked.Increment(ref _received) == expected) _complete.TrySetResult();
    }
}
