using System;
using System.Collections.Generic;
using System.Linq;

namespace ZeroContracts.Security;

/// <summary>What a CURVE server needs: its key pair, its socket type, who may connect, and its limits.</summary>
internal sealed class CurveServerSettings
{
    public CurveServerSettings(CurveKeyPair keyPair, ZmtpSocketType socketType)
    {
        KeyPair = keyPair ?? throw new ArgumentNullException(nameof(keyPair));
        SocketType = socketType;
    }

    /// <summary>The server's long-term key pair; clients must be configured with its public key.</summary>
    public CurveKeyPair KeyPair { get; }

    /// <summary>The socket type announced to clients and checked against theirs (e.g. ROUTER accepts DEALER and REQ).</summary>
    public ZmtpSocketType SocketType { get; }

    /// <summary>
    /// Decides, from a client's long-term public key (Z85) whose vouch has been verified, whether it may connect.
    /// Null allows every client that knows the server's public key (libzmq without a ZAP handler). A callback that
    /// throws denies. A denied client receives ERROR "400", as libzmq's ZAP refusal sends.
    /// </summary>
    public Func<string, bool>? Authorize { get; init; }

    /// <summary>The largest multipart message accepted (sum of its frames); larger is refused before allocation.</summary>
    public int MaxMessageSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>The most frames one message may have, so empty frames cannot grow a message without bound.</summary>
    public int MaxFramesPerMessage { get; init; } = 1024;

    /// <summary>The time from the first byte to READY; a peer that stalls is dropped.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>An authorization callback that accepts exactly the given client public keys (Z85).</summary>
    /// <exception cref="ArgumentException">A key is not 40 Z85 characters.</exception>
    public static Func<string, bool> AllowOnly(IEnumerable<string> clientPublicKeys)
    {
        // Decoding first validates every key and normalizes nothing away: Z85 has one spelling per key.
        var allowed = clientPublicKeys.Select(k => Z85.Encode(CurveKeyPair.DecodeKey(k, nameof(clientPublicKeys)))).ToHashSet(StringComparer.Ordinal);
        return key => allowed.Contains(key);
    }
}
