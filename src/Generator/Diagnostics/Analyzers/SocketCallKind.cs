namespace ZeroContracts.Generator.Diagnostics.Analyzers;

/// <summary>What a NetMQ call does to a socket's message state.</summary>
internal enum SocketCallKind
{
    /// <summary>Sends the last (or only) frame of a message.</summary>
    SendFinal,

    /// <summary>Sends a frame with more: true; the message goes on.</summary>
    SendMore,

    /// <summary>Sends a frame whose more flag is not a constant.</summary>
    SendMaybeMore,

    /// <summary>Receives one frame, which may or may not be the last of its message.</summary>
    ReceiveFrame,

    /// <summary>Receives (or skips) a whole message.</summary>
    ReceiveMessage,

    /// <summary>Subscribes a SUB socket to a topic.</summary>
    Subscribe,
}
