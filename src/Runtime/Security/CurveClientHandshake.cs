using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Security.Cryptography;
using NaCl;

namespace ZeroContracts.Security;

/// <summary>
/// The client side of the CurveZMQ handshake (rfc.zeromq.org/spec:26): HELLO, then WELCOME in, INITIATE out (with
/// the vouch that binds our long-term key to this connection), then READY in. Pure: it turns command bodies into
/// command bodies, so the connection owns all I/O and the tests can tamper with any byte.
/// </summary>
internal sealed class CurveClientHandshake : IDisposable
{
    private readonly CurveKeyPair _longTerm;
    private readonly byte[] _serverPublicKey;
    private readonly byte[] _metadata;
    private readonly byte[] _transientSecret = new byte[CurveBox.KeyLength];
    private readonly byte[] _transientPublic = new byte[CurveBox.KeyLength];
    private Curve25519XSalsa20Poly1305? _sessionKey;
    private ulong _lastSent;

    public CurveClientHandshake(CurveKeyPair longTerm, byte[] serverPublicKey, byte[] metadata)
    {
        _longTerm = longTerm;
        _serverPublicKey = serverPublicKey;
        _metadata = metadata;
        // A fresh transient key per connection gives forward secrecy: the long-term keys never encrypt traffic.
        Curve25519XSalsa20Poly1305.KeyPair(_transientSecret, _transientPublic);
    }

    /// <summary>HELLO: <c>"\x05HELLO" 01 00 zeros(72) C' nonce(8) box[zeros(64)](C'->S)</c>, 200 bytes.</summary>
    public byte[] CreateHello()
    {
        var hello = new byte[CurveProtocol.HelloSize];
        int offset = ZmtpCommand.WriteName(hello, "HELLO");
        hello[offset++] = 1;
        hello[offset++] = 0;
        offset += 72;
        _transientPublic.CopyTo(hello, offset);
        offset += 32;
        var shortNonce = hello.AsSpan(offset, 8);
        BinaryPrimitives.WriteUInt64BigEndian(shortNonce, ++_lastSent);
        offset += 8;
        var box = CurveBox.Seal(_transientSecret, _serverPublicKey, stackalloc byte[64], CurveBox.Nonce(CurveProtocol.HelloNoncePrefix, shortNonce));
        box.CopyTo(hello, offset);
        return hello;
    }

    /// <summary>Opens WELCOME (which only the holder of the server's secret key can write) and answers with INITIATE.</summary>
    public byte[] ProcessWelcome(ReadOnlySpan<byte> welcome)
    {
        if (!ZmtpCommand.Is(welcome, "WELCOME")) throw Unexpected(welcome, "WELCOME");
        if (welcome.Length != CurveProtocol.WelcomeSize)
        {
            throw new ZmtpProtocolException(ZmtpFailure.MalformedFrame, $"WELCOME is {welcome.Length} bytes; it must be {CurveProtocol.WelcomeSize}.");
        }

        var plain = CurveBox.Open(_transientSecret, _serverPublicKey, welcome.Slice(24), CurveBox.Nonce(CurveProtocol.WelcomeNoncePrefix, welcome.Slice(8, 16)), "WELCOME");
        var serverTransient = plain.AsSpan(0, 32);
        var cookie = plain.AsSpan(32, CurveProtocol.CookieSize);
        _sessionKey = CurveBox.Between(_transientSecret, serverTransient);

        // The vouch proves that the owner of our long-term key created this transient key for this server.
        Span<byte> vouchNonce = stackalloc byte[16];
        RandomNumberGenerator.Fill(vouchNonce);
        var vouchPlain = new byte[64];
        _transientPublic.CopyTo(vouchPlain, 0);
        _serverPublicKey.CopyTo(vouchPlain, 32);
        var vouchBox = CurveBox.Seal(_longTerm.SecretKeyBytes, serverTransient, vouchPlain, CurveBox.Nonce(CurveProtocol.VouchNoncePrefix, vouchNonce));

        var initiatePlain = new byte[32 + 16 + vouchBox.Length + _metadata.Length];
        _longTerm.PublicKeyBytes.CopyTo(initiatePlain);
        vouchNonce.CopyTo(initiatePlain.AsSpan(32));
        vouchBox.CopyTo(initiatePlain, 48);
        _metadata.CopyTo(initiatePlain, 48 + vouchBox.Length);

        var initiate = new byte[9 + CurveProtocol.CookieSize + 8 + CurveBox.TagLength + initiatePlain.Length];
        int offset = ZmtpCommand.WriteName(initiate, "INITIATE");
        cookie.CopyTo(initiate.AsSpan(offset));
        offset += CurveProtocol.CookieSize;
        var shortNonce = initiate.AsSpan(offset, 8);
        BinaryPrimitives.WriteUInt64BigEndian(shortNonce, ++_lastSent);
        offset += 8;
        CurveBox.Seal(_sessionKey, initiate.AsSpan(offset), initiatePlain, CurveBox.Nonce(CurveProtocol.InitiateNoncePrefix, shortNonce));
        CryptographicOperations.ZeroMemory(plain);
        return initiate;
    }

    /// <summary>Opens READY and hands over the traffic keys; the server's metadata comes back through <paramref name="metadata"/>.</summary>
    public CurveSession ProcessReady(ReadOnlySpan<byte> ready, out Dictionary<string, byte[]> metadata)
    {
        if (_sessionKey is null) throw new InvalidOperationException("READY before WELCOME.");
        if (!ZmtpCommand.Is(ready, "READY")) throw Unexpected(ready, "READY");
        if (ready.Length < CurveProtocol.ReadyMinimumSize)
        {
            throw new ZmtpProtocolException(ZmtpFailure.MalformedFrame, $"READY is {ready.Length} bytes; the minimum is {CurveProtocol.ReadyMinimumSize}.");
        }

        var shortNonce = ready.Slice(6, 8);
        ulong nonce = BinaryPrimitives.ReadUInt64BigEndian(shortNonce);
        var plain = CurveBox.Open(_sessionKey, ready.Slice(14), CurveBox.Nonce(CurveProtocol.ReadyNoncePrefix, shortNonce), "READY");
        metadata = ZmtpMetadata.Decode(plain);
        var session = new CurveSession(_sessionKey, isServer: false, _lastSent, nonce);
        _sessionKey = null;
        return session;
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_transientSecret);
        _sessionKey?.Dispose();
    }

    private static ZmtpProtocolException Unexpected(ReadOnlySpan<byte> command, string expected)
    {
        string name = command.Length > 0 && command.Length > command[0] ? ZmtpCommand.ParseName(command, out _) : "?";
        return new ZmtpProtocolException(ZmtpFailure.UnexpectedCommand, $"Expected {expected} from the server, got '{name}'.");
    }
}
