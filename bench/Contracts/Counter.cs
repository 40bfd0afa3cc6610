using System.Threading;
using System.Threading.Tasks;

namespace ZeroContracts.Bench.Contracts;

/// <summary>Counts the messages its handlers receive, and says when a target count has come.</summary>
public sealed class Counter : ITicks, IWork
{
    private long _count;
    private long _lastArrival;
    private long _target = long.MaxValue;
    private TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Messages received so far.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>The <see cref="System.Diagnostics.Stopwatch"/> timestamp of the latest message.</summary>
    public long LastArrival => Interlocked.Read(ref _lastArrival);

    /// <summary>Starts counting towards <paramref name="target"/> more messages; the task completes when they have come.</summary>
    public Task Expect(long target)
    {
        _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _target, Count + target);
        if (Count >= Interlocked.Read(ref _target)) _reached.TrySetResult();
        return _reached.Task;
    }

    /// <summary>Counts one message from any source.</summary>
    public void Add()
    {
        Interlocked.Exchange(ref _lastArrival, System.Diagnostics.Stopwatch.GetTimestamp());
        if (Interlocked.Increment(ref _count) >= Interlocked.Read(ref _target)) _reached.TrySetResult();
    }

    /// <inheritdoc/>
    public void Tick(byte[] payload) => Add();

    /// <inheritdoc/>
    public void Work(byte[] payload) => Add();
}
