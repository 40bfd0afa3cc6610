using System;

namespace ZeroContracts.Security;

/// <summary>
/// A ZMTP/CURVE connection failed. The connection's stream has been closed by the time this is thrown, so the
/// only thing left to do with the connection is to dispose it.
/// </summary>
internal sealed class ZmtpProtocolException : Exception
{
    public ZmtpProtocolException(ZmtpFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    /// <summary>What went wrong, for callers that react differently (log a denied key, count downgrade attempts...).</summary>
    public ZmtpFailure Failure { get; }

    /// <summary>The client's long-term public key (Z85) when <see cref="Failure"/> is <see cref="ZmtpFailure.AuthenticationDenied"/>.</summary>
    public string? PeerPublicKey { get; init; }

    /// <summary>The reason text of the peer's ERROR command when <see cref="Failure"/> is <see cref="ZmtpFailure.PeerRejected"/>.</summary>
    public string? PeerReason { get; init; }
}
