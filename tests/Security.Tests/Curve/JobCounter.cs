namespace ZeroContracts.Security.Tests.Curve;

/// <summary>Counts handled jobs across workers, with a bounded wait for a total.</summary>
public sealed class JobCounter
{
    private readonly SemaphoreSlim _done = new(0);
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Add()
    {
        Interlocked.Increment(ref _count);
        _done.Release();
    }

    public async Task WaitForAsync(int total)
    {
        using var timeout = new CancellationTokenSource(Support.Keys.Wait);
        while (Count < total) await _done.WaitAsync(timeout.Token);
    }
}
