namespace ZeroContracts.Bench.Peers;

/// <summary>How <see cref="RawReqRep"/>'s REP thread waits for requests.</summary>
public enum RepLoop
{
    /// <summary>A receive that blocks, as a NetMQ user writes it.</summary>
    Blocking,

    /// <summary>A <see cref="NetMQ.NetMQPoller"/> with the REP socket.</summary>
    Poller,

    /// <summary>A <see cref="NetMQ.NetMQPoller"/> holding what the typed client's did: the socket, an inproc PAIR inbox and a 50 ms timer.</summary>
    PollerAsClient,

    /// <summary>A loop over <see cref="NetMQ.NetMQSelector"/> with the REP socket and a plain wake-up socket, no timeout.</summary>
    Selector,

    /// <summary>One Socket.Select on the REP socket's command mailbox and a plain wake-up socket, no timeout.</summary>
    MailboxSelect,
}
