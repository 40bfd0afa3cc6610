using System.Collections.Concurrent;
using System.Threading;

namespace ZeroContracts.Transport;

/// <summary>
/// Items handed from any thread to the one thread that owns a socket, with one wake-up per batch rather than one per
/// item: a wake-up is sent only when the owner is not already due to drain. How the owner is woken is the subclass's.
/// </summary>
/// <typeparam name="T">The items handed over.</typeparam>
internal abstract class Inbox<T>
{
    private readonly ConcurrentQueue<T> _items = new();
    private int _signalled;

    /// <summary>Queues <paramref name="item"/> and wakes the owner unless a wake-up is already on its way; any thread.</summary>
    public void Enqueue(T item)
    {
        _items.Enqueue(item);
        if (Interlocked.Exchange(ref _signalled, 1) == 0) Signal();
    }

    /// <summary>
    /// Queues <paramref name="item"/> without waking the owner; any thread. Whoever does this must call <see cref="Nudge"/>
    /// afterwards (a <see cref="ResumeWave"/>'s last member does it for all of them).
    /// </summary>
    public void EnqueueQuietly(T item) => _items.Enqueue(item);

    /// <summary>Wakes the owner for items queued quietly, unless a wake-up is already on its way; any thread.</summary>
    public void Nudge()
    {
        if (!_items.IsEmpty && Interlocked.Exchange(ref _signalled, 1) == 0) Signal();
    }

    /// <summary>Takes the next item; owner thread, or any thread once the owner has stopped.</summary>
    public bool TryDequeue(out T item) => _items.TryDequeue(out item!);

    /// <summary>Whether no item is queued right now.</summary>
    public bool IsEmpty => _items.IsEmpty;

    /// <summary>
    /// Called by an owner that drains after each <see cref="Acknowledge"/> before it waits again, as it wakes: items
    /// queued until that <see cref="Acknowledge"/> send no wake-up, since the owner is awake and will take them anyway.
    /// </summary>
    public void HoldWakeUps() => Volatile.Write(ref _signalled, 1);

    /// <summary>
    /// Called by the owner for each wake-up before it drains. A full fence: an item queued after this sees the flag
    /// clear and wakes the owner again, so no item is left without a wake-up.
    /// </summary>
    public void Acknowledge() => Interlocked.Exchange(ref _signalled, 0);

    /// <summary>Wakes the owner; any thread.</summary>
    protected abstract void Signal();
}
