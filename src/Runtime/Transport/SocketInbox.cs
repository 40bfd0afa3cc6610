using System;
using System.Net;
using System.Net.Sockets;

namespace ZeroContracts.Transport;

/// <summary>
/// Hands items from any thread to a thread that waits on a NetMQ socket with <see cref="SocketWait"/>. The wake-up is
/// a byte written to one end of a connected pair of loopback sockets, whose other end the owner waits on next to its
/// NetMQ socket. Unlike <see cref="PollerInbox{T}"/> it needs no <see cref="NetMQ.NetMQPoller"/>, whose select over
/// several NetMQ sockets costs tens of microseconds a round trip (docs/performance.md), and unlike a waking peer
/// connected to the socket itself it suits every socket type (a DEALER would deal requests to such a peer), and the
/// owner waits outside NetMQ, so another thread may use the socket meanwhile. Like a poller's, it sends one wake-up per batch.
/// </summary>
/// <typeparam name="T">The items handed over.</typeparam>
internal sealed class SocketInbox<T> : Inbox<T>, IDisposable
{
    private static readonly byte[] WakeByte = [1];
    private readonly Socket _writer;
    private readonly byte[] _drained = new byte[64];
    private bool _disposed;

    /// <summary>Connects the pair through a listener on a free loopback port, which is closed again at once.</summary>
    public SocketInbox()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        _writer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            _writer.Connect(listener.LocalEndPoint!);

            // Another local process could connect to the listener in the meantime: take only our own connection.
            Socket reader;
            while (!Equals((reader = listener.Accept()).RemoteEndPoint, _writer.LocalEndPoint)) reader.Dispose();
            reader.Blocking = false;
            WaitHandle = reader;
        }
        catch
        {
            _writer.Dispose();
            throw;
        }
    }

    /// <summary>The socket that becomes readable on a wake-up; the owner waits on it.</summary>
    public Socket WaitHandle { get; }

    /// <summary>Wakes the owner whether or not items wait (to stop it); any thread.</summary>
    public void Wake() => Signal();

    /// <summary>
    /// Reads the pending wake-ups, so that <see cref="WaitHandle"/> is no longer readable; owner thread. The owner then
    /// calls <see cref="Inbox{T}.Acknowledge"/> and takes the items.
    /// </summary>
    public void ClearWakeUps()
    {
        // Non-blocking: a read that fills the buffer may have left more behind; a shorter one emptied the socket.
        while (WaitHandle.Receive(_drained, 0, _drained.Length, SocketFlags.None, out var error) == _drained.Length && error == SocketError.Success)
        {
        }
    }

    /// <inheritdoc/>
    protected override void Signal()
    {
        lock (_writer)
        {
            // After Dispose the owner has stopped and drained the items itself: nobody is left to wake.
            if (_disposed) return;
            _writer.Send(WakeByte, 0, 1, SocketFlags.None, out _);
        }
    }

    /// <summary>Closes both ends; call once the owner has stopped waiting.</summary>
    public void Dispose()
    {
        lock (_writer)
        {
            _disposed = true;
            _writer.Dispose();
        }

        WaitHandle.Dispose();
    }
}
