using System;
using System.Security.Cryptography;
using NetMQ;
using NetMQ.Sockets;

namespace ZeroContracts.Transport;

/// <summary>
/// Hands items from any thread to the thread that owns a ROUTER socket and blocks in its receive. The wake-up is a
/// message into that same ROUTER from an inproc DEALER with a random identity, so the owning thread waits in one
/// <c>TryReceive</c> instead of a <see cref="NetMQPoller"/>, whose select over several sockets costs 33 to 43 µs more
/// a round trip (docs/performance.md). Like <see cref="PollerInbox{T}"/>, it sends one wake-up per batch.
/// </summary>
/// <typeparam name="T">The items handed over.</typeparam>
internal sealed class RouterInbox<T> : Inbox<T>, IDisposable
{
    private readonly DealerSocket _waker = new();
    private readonly byte[] _identity = RandomNumberGenerator.GetBytes(16);

    /// <summary>Binds <paramref name="router"/> to a private inproc endpoint and connects the waking socket to it.</summary>
    public RouterInbox(RouterSocket router)
    {
        // A ZeroMQ peer identity must not begin with a zero byte (those are the ROUTER's own, generated ones).
        _identity[0] = 0xFF;
        var address = $"inproc://zerocontracts-wake-{Guid.NewGuid():N}";
        router.Bind(address);
        _waker.Options.Linger = TimeSpan.Zero;
        _waker.Options.Identity = _identity;
        _waker.Connect(address);
    }

    /// <summary>Whether <paramref name="message"/>, received on the ROUTER, is a wake-up rather than a peer's message.</summary>
    public bool IsWakeUp(ReceivedMessage message) => message.Count >= 1 && message[0].SequenceEqual(_identity);

    /// <summary>Wakes the owner whether or not items wait (to stop it); any thread.</summary>
    public void Wake() => Signal();

    /// <inheritdoc/>
    protected override void Signal()
    {
        lock (_waker)
        {
            var msg = default(Msg);
            msg.InitEmpty();
            _waker.TrySend(ref msg, TimeSpan.FromSeconds(1), more: false);
            msg.Close();
        }
    }

    /// <summary>Closes the waking socket.</summary>
    public void Dispose()
    {
        lock (_waker) _waker.Dispose();
    }
}
