using System;

namespace ZeroContracts;

/// <summary>
/// Makes a connecting endpoint a CURVE client: it talks only to a server that proves it holds the secret key of
/// <see cref="ServerPublicKey"/>, and all traffic is encrypted and authenticated. Set it as
/// <see cref="SocketOptionsBase.CurveClient"/> on the side that connects (docs/protocol.md section 7).
/// </summary>
public sealed class CurveClientOptions
{
    /// <summary>Creates client settings for a server whose public key is <paramref name="serverPublicKey"/>.</summary>
    /// <param name="serverPublicKey">The server's public key as 40 Z85 characters.</param>
    /// <param name="keyPair">This client's long-term key pair (a server with an allow-list must know its public key); null generates one.</param>
    /// <exception cref="ArgumentException"><paramref name="serverPublicKey"/> is not a 40-character Z85 key.</exception>
    public CurveClientOptions(string serverPublicKey, CurveKeyPair? keyPair = null)
    {
        CurveKeyPair.DecodeKey(serverPublicKey, nameof(serverPublicKey));
        ServerPublicKey = serverPublicKey;
        KeyPair = keyPair ?? CurveKeyPair.Generate();
    }

    /// <summary>The server's long-term public key (Z85).</summary>
    public string ServerPublicKey { get; }

    /// <summary>This client's long-term key pair.</summary>
    public CurveKeyPair KeyPair { get; }

    /// <summary>How long connecting plus the handshake may take before the attempt counts as failed. Default 10 s.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait before connecting again after a failed attempt or a lost connection. Default 100 ms.</summary>
    public TimeSpan ReconnectInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    internal void Validate()
    {
        if (HandshakeTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(HandshakeTimeout), HandshakeTimeout, "Must be positive.");
        if (ReconnectInterval < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ReconnectInterval), ReconnectInterval, "Must not be negative.");
    }
}
