using System;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using NetMQ;

namespace ZeroContracts.Bench.Peers;

/// <summary>
/// What the select-loop variants of <see cref="RawReqRep"/> wait on besides their NetMQ socket: a connected pair of
/// loopback TCP sockets (a waker writes a byte to one end, the loop reads the other), and the NetMQ socket's command
/// mailbox, whose socket NetMQ keeps internal.
/// </summary>
public sealed class WakePair : IDisposable
{
    private readonly Socket _writer;
    private readonly byte[] _one = [1];
    private readonly byte[] _drain = new byte[64];

    /// <summary>Connects the pair through a listener on a free loopback port, closed again at once.</summary>
    public WakePair()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        _writer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _writer.Connect(listener.LocalEndPoint!);
        Reader = listener.Accept();
        Reader.Blocking = false;
    }

    /// <summary>The end the loop waits on.</summary>
    public Socket Reader { get; }

    /// <summary>Makes <see cref="Reader"/> readable.</summary>
    public void Wake() => _writer.Send(_one);

    /// <summary>Reads every pending wake byte.</summary>
    public void Drain()
    {
        while (Reader.Available > 0) Reader.Receive(_drain);
    }

    /// <summary>The socket of <paramref name="socket"/>'s command mailbox (NetMQSocket.SocketHandle.Handle, internal), or null.</summary>
    public static Socket? MailboxOf(NetMQSocket socket)
    {
        var handle = typeof(NetMQSocket).GetProperty("SocketHandle", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)?.GetValue(socket);
        return handle?.GetType().GetProperty("Handle", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)?.GetValue(handle) as Socket;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _writer.Dispose();
        Reader.Dispose();
    }
}
