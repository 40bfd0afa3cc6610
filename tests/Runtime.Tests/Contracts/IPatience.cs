using System.Collections.Concurrent;
using System.Threading.Channels;
using ZeroContracts;

namespace ZeroContracts.Runtime.Tests.Contracts;

/// <summary>A contract whose calls wait until their token is cancelled or they are released: for cancellation tests.</summary>
[ReqRep]
public interface IPatience
{
    Task<int> WaitAsync(int id, CancellationToken ct);

    Task<int> QuickAsync(int id);
}

/// <summary>Records which calls started and which saw their token cancelled; <see cref="Release"/> lets the waiting calls return.</summary>
public sealed class Patience : IPatience
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Channel<int> Started { get; } = Channel.CreateUnbounded<int>();

    public Channel<int> Cancelled { get; } = Channel.CreateUnbounded<int>();

    public ConcurrentQueue<int> Ran { get; } = new();

    public void Release() => _released.TrySetResult();

    public async Task<int> WaitAsync(int id, CancellationToken ct)
    {
        Ran.Enqueue(id);
        Started.Writer.TryWrite(id);
        try
        {
            await _released.Task.WaitAsync(ct);
            return id;
        }
        catch (OperationCanceledException)
        {
            Cancelled.Writer.TryWrite(id);
            throw;
        }
    }

    public Task<int> QuickAsync(int id)
    {
        Ran.Enqueue(id);
        return Task.FromResult(id);
    }
}
