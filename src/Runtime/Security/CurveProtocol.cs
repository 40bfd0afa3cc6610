namespace ZeroContracts.Security;

/// <summary>
/// The fixed sizes and nonce prefixes of CurveZMQ (rfc.zeromq.org/spec:26) as carried by ZMTP-CURVE
/// (rfc.zeromq.org/spec:25). All sizes are of command bodies, name included.
/// </summary>
internal static class CurveProtocol
{
    /// <summary>"\x05HELLO" version(2) padding(72) C'(32) short-nonce(8) box(80): the padding makes HELLO as large as
    /// WELCOME so the server cannot be used to amplify traffic.</summary>
    public const int HelloSize = 200;

    /// <summary>"\x07WELCOME" long-nonce(16) box[S'(32) cookie(96)](144).</summary>
    public const int WelcomeSize = 168;

    /// <summary>"\x08INITIATE" cookie(96) short-nonce(8) box[C(32) vouch-nonce(16) vouch-box(80) metadata](144+).</summary>
    public const int InitiateMinimumSize = 257;

    /// <summary>"\x05READY" short-nonce(8) box[metadata](16+).</summary>
    public const int ReadyMinimumSize = 30;

    /// <summary>"\x07MESSAGE" short-nonce(8) box[flags(1) payload](17+).</summary>
    public const int MessageOverhead = 33;

    public const int CookieSize = 96;

    /// <summary>The largest handshake command accepted: INITIATE/READY carry metadata, which stays small in practice.</summary>
    public const int MaxHandshakeCommandSize = 64 * 1024;

    public const string HelloNoncePrefix = "CurveZMQHELLO---";
    public const string WelcomeNoncePrefix = "WELCOME-";
    public const string CookieNoncePrefix = "COOKIE--";
    public const string VouchNoncePrefix = "VOUCH---";
    public const string InitiateNoncePrefix = "CurveZMQINITIATE";
    public const string ReadyNoncePrefix = "CurveZMQREADY---";
    public const string ClientMessageNoncePrefix = "CurveZMQMESSAGEC";
    public const string ServerMessageNoncePrefix = "CurveZMQMESSAGES";

    /// <summary>Inner MESSAGE flags (first plaintext byte): more frames follow.</summary>
    public const byte MessageFlagMore = 0x01;

    /// <summary>Inner MESSAGE flags: the plaintext is a ZMTP command (PING, PONG, SUBSCRIBE, CANCEL) rather than data.</summary>
    public const byte MessageFlagCommand = 0x02;

    /// <summary>The status code libzmq's ZAP handler puts in ERROR when it refuses a client; libzmq clients read the
    /// reason as such a code, so ours say the same thing the same way.</summary>
    public const string AuthenticationFailedReason = "400";
}
