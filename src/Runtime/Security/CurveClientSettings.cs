using System;

namespace ZeroContracts.Security;

/// <summary>What a CURVE client needs: its key pair, the server's public key, its socket type and limits.</summary>
internal sealed class CurveClientSettings
{
    public CurveClientSettings(CurveKeyPair keyPair, string serverPublicKey, ZmtpSocketType socketType)
    {
        KeyPair = keyPair ?? throw new ArgumentNullException(nameof(keyPair));
        ServerPublicKey = CurveKeyPair.DecodeKey(serverPublicKey, nameof(serverPublicKey));
        SocketType = socketType;
    }

    /// <summary>The client's long-term key pair; a server with an allow-list must know its public key.</summary>
    public CurveKeyPair KeyPair { get; }

    /// <summary>The server's long-term public key (32 bytes): the handshake fails unless the server holds its secret.</summary>
    public byte[] ServerPublicKey { get; }

    /// <summary>The socket type announced to the server and checked against its type.</summary>
    public ZmtpSocketType SocketType { get; }

    /// <summary>The largest multipart message accepted (sum of its frames); larger is refused before allocation.</summary>
    public int MaxMessageSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>The most frames one message may have.</summary>
    public int MaxFramesPerMessage { get; init; } = 1024;

    /// <summary>The time from the first byte to READY.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
