using System.Collections.Concurrent;
using System.Threading;

namespace ZeroContracts.Transport;

/// <summary>
/// A thread-safe pool that keeps at most <c>capacity</c> idle objects, so a burst of concurrent work is reused
/// afterwards without the pool holding on to the burst's peak forever.
/// </summary>
internal sealed class BoundedPool<T>
    where T : class
{
    private readonly ConcurrentQueue<T> _items = new();
    private readonly int _capacity;
    private int _count;

    public BoundedPool(int capacity) => _capacity = capacity;

    public bool TryRent(out T item)
    {
        if (!_items.TryDequeue(out item!)) return false;
        Interlocked.Decrement(ref _count);
        return true;
    }

    /// <summary>Keeps <paramref name="item"/> for reuse; false when the pool is full and the caller should let it go.</summary>
    public bool TryReturn(T item)
    {
        if (Interlocked.Increment(ref _count) <= _capacity)
        {
            _items.Enqueue(item);
            return true;
        }

        Interlocked.Decrement(ref _count);
        return false;
    }
}
