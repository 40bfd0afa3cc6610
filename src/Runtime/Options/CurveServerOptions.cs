using System;
using System.Collections.Generic;

namespace ZeroContracts;

/// <summary>
/// Makes a binding endpoint a CURVE server: every TCP connection must complete a CurveZMQ handshake (RFC 26) against
/// <see cref="KeyPair"/> before anything it sends reaches the endpoint, and all traffic is encrypted and authenticated.
/// Set it as <see cref="SocketOptionsBase.CurveServer"/> on the side that binds (docs/protocol.md section 7).
/// </summary>
/// <remarks>
/// ZeroContracts' own ZMTP 3.0 engine terminates the connections and refuses ZMTP 1.0/2.0 greetings, other mechanisms
/// and plaintext before the handshake; no NetMQ socket listens on the network (NetMQ 4.0.4.5 would accept legacy
/// plaintext peers on a CURVE socket).
/// </remarks>
public sealed class CurveServerOptions
{
    /// <summary>Creates server settings with the server's long-term key pair.</summary>
    /// <param name="keyPair">The server's key pair; clients are configured with its <see cref="CurveKeyPair.PublicKey"/>.</param>
    public CurveServerOptions(CurveKeyPair keyPair)
    {
        KeyPair = keyPair ?? throw new ArgumentNullException(nameof(keyPair));
    }

    /// <summary>The server's long-term key pair.</summary>
    public CurveKeyPair KeyPair { get; }

    /// <summary>
    /// The client public keys (Z85, 40 characters) allowed to connect, with ZAP semantics: a client whose key is not in
    /// the list completes no handshake (it receives ERROR "400") and nothing it sends is delivered. Null (the default)
    /// lets in every client that knows the server's public key, as libzmq does without a ZAP handler.
    /// </summary>
    public IReadOnlyCollection<string>? AllowedClientKeys { get; set; }

    /// <summary>How long a connection may take from its first byte to the end of the handshake before it is dropped. Default 10 s.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many TCP connections, finished handshakes or not, the endpoint keeps at once; a connection beyond it is
    /// closed as soon as it is accepted, before a byte is read. Default 1024.
    /// </summary>
    public int MaxConnections { get; set; } = 1024;

    internal void Validate()
    {
        if (MaxConnections <= 0) throw new ArgumentOutOfRangeException(nameof(MaxConnections), MaxConnections, "Must be positive.");
        if (HandshakeTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(HandshakeTimeout), HandshakeTimeout, "Must be positive.");
        if (AllowedClientKeys is not null)
        {
            foreach (var key in AllowedClientKeys) CurveKeyPair.DecodeKey(key, nameof(AllowedClientKeys));
        }
    }
}
