using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using NetMQ;

namespace ZeroContracts.Security;

/// <summary>
/// One authenticated connection of a <see cref="CurveGateway"/> and its inproc mirror socket. The connection's two
/// tasks (reader, writer) and the gateway's poller thread share it; the fields marked "poller thread" are touched
/// only there.
/// </summary>
internal sealed class GatewayLink
{
    public GatewayLink(ZmtpConnection connection, int outboundCapacity, CancellationToken stopping)
    {
        Connection = connection;
        Ending = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        Outbound = Channel.CreateBounded<ReadOnlyMemory<byte>[]>(new BoundedChannelOptions(outboundCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
        });
        Capacity = outboundCapacity;
    }

    public ZmtpConnection Connection { get; }

    /// <summary>Cancelled when either task ends or the gateway stops: the other task follows.</summary>
    public CancellationTokenSource Ending { get; }

    /// <summary>Messages from the mirror waiting for the writer task; bounded, written by the poller thread only.</summary>
    public Channel<ReadOnlyMemory<byte>[]> Outbound { get; }

    public int Capacity { get; }

    /// <summary>The mirror socket; null before it is opened and after it is closed (poller thread).</summary>
    public NetMQSocket? Mirror { get; set; }

    /// <summary>The mirror is out of the poller because <see cref="Outbound"/> is full (poller thread).</summary>
    public bool Paused { get; set; }

    /// <summary>A received message the mirror had no room for yet; the reader waits on <see cref="Delivered"/>.</summary>
    public IReadOnlyList<byte[]>? Pending { get; set; }

    /// <summary>Completed by the poller thread once <see cref="Pending"/> is in the mirror.</summary>
    public TaskCompletionSource? Delivered { get; set; }
}
