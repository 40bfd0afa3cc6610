using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace ZeroContracts.Messaging;

/// <summary>
/// A number of connected peers and the callers waiting for it to reach a target: what a publisher's
/// WaitForSubscribersAsync and a pusher's WaitForWorkersAsync share. Thread-safe.
/// </summary>
internal sealed class PeerCount
{
    private readonly object _gate = new();
    private readonly List<(int Count, TaskCompletionSource<bool> Done)> _waiters = new();
    private int _count;
    private bool _closed;

    public int Current => Volatile.Read(ref _count);

    /// <summary>Sets the count and releases the waiters it satisfies.</summary>
    public void Set(int count) => Change(count, relative: false);

    /// <summary>Adds <paramref name="delta"/> (a peer came or went); never below zero.</summary>
    public void Add(int delta) => Change(delta, relative: true);

    private void Change(int value, bool relative)
    {
        List<TaskCompletionSource<bool>>? ready = null;
        lock (_gate)
        {
            _count = Math.Max(0, relative ? _count + value : value);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Count > _count) continue;
                (ready ??= new()).Add(_waiters[i].Done);
                _waiters.RemoveAt(i);
            }
        }

        // Outside the lock: a waiter's continuation must not run while it is held.
        if (ready is null) return;
        foreach (var done in ready) done.TrySetResult(true);
    }

    /// <summary>True once the count reaches <paramref name="count"/>; false on timeout or when closed.</summary>
    public async Task<bool> WaitAsync(int count, TimeSpan timeout)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_closed) return false;
            if (_count >= count) return true;
            _waiters.Add((count, done));
        }

        try
        {
            return await done.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                _waiters.RemoveAll(w => w.Done == done);
            }

            return false;
        }
    }

    /// <summary>Releases every waiter with false, and answers false to every later wait: the endpoint is gone.</summary>
    public void Close()
    {
        List<(int Count, TaskCompletionSource<bool> Done)> waiters;
        lock (_gate)
        {
            _closed = true;
            waiters = new(_waiters);
            _waiters.Clear();
        }

        foreach (var (_, done) in waiters) done.TrySetResult(false);
    }
}
