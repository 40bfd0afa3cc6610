using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Net.Sockets;
using System.Reflection;
using NetMQ;

namespace ZeroContracts.Transport;

/// <summary>
/// Waits until a NetMQ socket may have something to do or a plain socket (a <see cref="SocketInbox{T}"/>'s) is readable,
/// with one <see cref="Socket.Select(System.Collections.IList, System.Collections.IList, System.Collections.IList, int)"/>
/// on the NetMQ socket's command mailbox and the plain socket: one <c>poll()</c> per wait. A <see cref="NetMQPoller"/>
/// makes a zero-timeout select and a blocking one per wake-up and asks every NetMQ socket it holds for its events after
/// each (a <c>poll()</c> apiece), which costs tens of microseconds a round trip on a machine where system calls are
/// expensive (docs/performance.md).
/// </summary>
/// <remarks>
/// The mailbox is NetMQ's internal <c>NetMQSocket.SocketHandle.Handle</c>, reached by reflection; where it is not
/// found, the wait falls back to a <see cref="NetMQSelector"/> over the two, which needs no internals.
/// The mailbox signals commands, not messages: a socket whose pipe already held messages signals nothing when more
/// arrive, and a send or receive may take the command that announced them. So, before each wait, the owner must have
/// received from the socket until a receive found nothing after its last send. That receive may skip processing the
/// waiting commands (<see cref="ReceivedMessage"/>): a command not yet processed keeps the mailbox readable, so the
/// wait ends at once.
/// </remarks>
internal sealed class SocketWait
{
    private readonly Socket _wake;
    private readonly Socket? _mailbox;
    private readonly List<Socket> _ready = new(2);
    private readonly NetMQSelector? _selector;
    private readonly NetMQSelector.Item[]? _items;
    private readonly NetMQSelector.Item[]? _wakeOnly;

    /// <summary>Waits on <paramref name="socket"/> and <paramref name="wake"/>.</summary>
    /// <param name="socket">The NetMQ socket.</param>
    /// <param name="wake">The plain socket that wakes the owner.</param>
    /// <param name="useMailbox">False takes the <see cref="NetMQSelector"/> path even where the mailbox is found (for tests).</param>
    public SocketWait(NetMQSocket socket, Socket wake, bool useMailbox = true)
    {
        _wake = wake;
        _mailbox = useMailbox ? MailboxOf(socket) : null;
        if (_mailbox is null)
        {
            _selector = new NetMQSelector();
            _items = [new NetMQSelector.Item(socket, PollEvents.PollIn), new NetMQSelector.Item(wake, PollEvents.PollIn)];
            _wakeOnly = [new NetMQSelector.Item(wake, PollEvents.PollIn)];
        }
    }

    /// <summary>Whether the wait is one select on the mailbox (true) or the <see cref="NetMQSelector"/> fallback.</summary>
    public bool UsesMailbox => _mailbox is not null;

    /// <summary>
    /// Waits up to <paramref name="timeoutMs"/> milliseconds (negative: no limit) for the NetMQ socket's mailbox or the
    /// wake socket; true when the wake socket is readable. It may return early with nothing to do.
    /// </summary>
    /// <param name="timeoutMs">The longest wait.</param>
    /// <param name="includeSocket">
    /// False waits for the wake socket alone: for an owner that has stopped receiving (its queue is full), whose socket's
    /// mailbox stays readable until it receives again.
    /// </param>
    public bool Wait(long timeoutMs, bool includeSocket = true)
    {
        if (_mailbox is null)
        {
            // With a finite timeout NetMQSelector allocates a Stopwatch per wait: only this fallback pays that.
            if (!includeSocket)
            {
                _selector!.Select(_wakeOnly!, 1, timeoutMs);
                return _wakeOnly![0].ResultEvent.HasIn();
            }

            _selector!.Select(_items!, _items!.Length, timeoutMs);
            return _items[1].ResultEvent.HasIn();
        }

        _ready.Clear();
        if (includeSocket) _ready.Add(_mailbox);
        _ready.Add(_wake);
        var microseconds = timeoutMs < 0 ? -1 : (int)Math.Min(timeoutMs * 1000, int.MaxValue);
        Socket.Select(_ready, null, null, microseconds);
        return _ready.Contains(_wake);
    }

    /// <summary>The socket of <paramref name="socket"/>'s command mailbox, or null when NetMQ's internals are not as expected.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Without the members the wait falls back to NetMQSelector.")]
    internal static Socket? MailboxOf(NetMQSocket socket)
    {
        try
        {
            const BindingFlags Members = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
            var handle = typeof(NetMQSocket).GetProperty("SocketHandle", Members)?.GetValue(socket);
            return handle?.GetType().GetProperty("Handle", Members)?.GetValue(handle) as Socket;
        }
        catch (Exception e) when (e is TargetInvocationException or MemberAccessException or InvalidOperationException)
        {
            return null;
        }
    }
}
