using System;
using NetMQ;
using NetMQ.Sockets;

namespace ZeroContracts.Transport;

/// <summary>
/// Hands items from any thread to a socket's poller thread, waking the poller once per batch rather than once per
/// item. <see cref="NetMQQueue{T}"/> sends one inproc message per item and allocates event arguments per wake-up;
/// this sends one empty message over an inproc PAIR only when the poller is not already due to drain.
/// </summary>
/// <typeparam name="T">The items handed over.</typeparam>
internal sealed class PollerInbox<T> : Inbox<T>, IDisposable
{
    private readonly PairSocket _reader = new();
    private readonly PairSocket _writer = new();

    /// <summary>Calls <paramref name="drain"/> on the poller thread whenever items may be waiting.</summary>
    public PollerInbox(Action drain)
    {
        var address = $"inproc://zerocontracts-inbox-{Guid.NewGuid():N}";
        _reader.Options.Linger = TimeSpan.Zero;
        _writer.Options.Linger = TimeSpan.Zero;
        _reader.Bind(address);
        _writer.Connect(address);
        _reader.ReceiveReady += (_, _) =>
        {
            var msg = default(Msg);
            msg.InitEmpty();
            while (_reader.TryReceive(ref msg, TimeSpan.Zero))
            {
            }

            msg.Close();
            Acknowledge();
            drain();
        };
    }

    /// <summary>What to add to the poller.</summary>
    public ISocketPollable Pollable => _reader;

    /// <inheritdoc/>
    protected override void Signal()
    {
        lock (_writer)
        {
            var msg = default(Msg);
            msg.InitEmpty();
            _writer.TrySend(ref msg, TimeSpan.Zero, more: false);
            msg.Close();
        }
    }

    /// <summary>Closes the sockets; call after the poller has stopped.</summary>
    public void Dispose()
    {
        _writer.Dispose();
        _reader.Dispose();
    }
}
