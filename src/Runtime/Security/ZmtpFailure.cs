namespace ZeroContracts.Security;

/// <summary>Why a ZMTP/CURVE connection was refused or dropped; carried by <see cref="ZmtpProtocolException"/>.</summary>
internal enum ZmtpFailure
{
    /// <summary>The peer sent a ZMTP 1.0 or 2.0 greeting (or bytes that begin like one): a downgrade RFC 23 forbids.</summary>
    LegacyPeer,

    /// <summary>The greeting is not ZMTP 3 at all (HTTP, garbage) or is malformed.</summary>
    InvalidGreeting,

    /// <summary>The peer asked for a security mechanism other than CURVE (NULL, PLAIN...).</summary>
    UnsupportedMechanism,

    /// <summary>A frame or command does not follow ZMTP 3.0 / ZMTP-CURVE (bad flags, sizes, names, metadata).</summary>
    MalformedFrame,

    /// <summary>A command arrived that is not valid at this point of the conversation.</summary>
    UnexpectedCommand,

    /// <summary>A frame declared a size above the limit; it was refused before anything was allocated.</summary>
    FrameTooLarge,

    /// <summary>A multipart message exceeded the message size or frame count limit.</summary>
    MessageTooLarge,

    /// <summary>A box failed to open: wrong keys, tampered bytes or a bad cookie/vouch.</summary>
    CryptographicFailure,

    /// <summary>A short nonce did not increase: a replayed or reordered command.</summary>
    ReplayedNonce,

    /// <summary>The server's authorization callback refused the client's long-term public key.</summary>
    AuthenticationDenied,

    /// <summary>The peer sent an ERROR command during the handshake.</summary>
    PeerRejected,

    /// <summary>The peer's Socket-Type is missing, unknown or cannot talk to ours.</summary>
    IncompatibleSocketType,

    /// <summary>The handshake did not finish within the configured time.</summary>
    HandshakeTimeout,

    /// <summary>The connection ended in the middle of a greeting, command or multipart message.</summary>
    ConnectionClosed,

    /// <summary>The transport failed (reset, I/O error).</summary>
    TransportError,
}
