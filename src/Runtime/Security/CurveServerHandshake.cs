using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Security.Cryptography;
using NaCl;

namespace ZeroContracts.Security;

/// <summary>
/// The server side of the CurveZMQ handshake (rfc.zeromq.org/spec:26): HELLO in, WELCOME out (with a cookie that
/// only this server can open), INITIATE in (cookie, vouch and the client's long-term key checked), READY out.
/// Pure: command bodies in, command bodies out; the connection owns the I/O and the authorization decision.
/// </summary>
internal sealed class CurveServerHandshake : IDisposable
{
    private readonly CurveKeyPair _longTerm;
    private readonly byte[] _transientSecret = new byte[CurveBox.KeyLength];
    private readonly byte[] _transientPublic = new byte[CurveBox.KeyLength];
    private readonly byte[] _cookieKey = new byte[CurveBox.KeyLength];
    private byte[]? _clientTransient;
    private Curve25519XSalsa20Poly1305? _sessionKey;
    private ulong _lastReceived;

    public CurveServerHandshake(CurveKeyPair longTerm)
    {
        _longTerm = longTerm;
    }

    /// <summary>Checks HELLO (the client knows our public key) and answers with WELCOME.</summary>
    public byte[] ProcessHello(ReadOnlySpan<byte> hello)
    {
        if (!ZmtpCommand.Is(hello, "HELLO")) throw Unexpected(hello, "HELLO");
        if (hello.Length != CurveProtocol.HelloSize)
        {
            throw new ZmtpProtocolException(ZmtpFailure.MalformedFrame, $"HELLO is {hello.Length} bytes; it must be {CurveProtocol.HelloSize}.");
        }

        if (hello[6] != 1 || hello[7] != 0)
        {
            throw new ZmtpProtocolException(ZmtpFailure.MalformedFrame, $"The client speaks CurveZMQ {hello[6]}.{hello[7]}; only 1.0 exists.");
        }

        var clientTransient = hello.Slice(80, 32);
        var shortNonce = hello.Slice(112, 8);
        var signature = CurveBox.Open(_longTerm.SecretKeyBytes, clientTransient, hello.Slice(120, 80), CurveBox.Nonce(CurveProtocol.HelloNoncePrefix, shortNonce), "HELLO");
        if (signature.AsSpan().IndexOfAnyExcept((byte)0) >= 0)
        {
            throw new ZmtpProtocolException(ZmtpFailure.MalformedFrame, "The HELLO box does not hold 64 zero bytes.");
        }

        _lastReceived = BinaryPrimitives.ReadUInt64BigEndian(shortNonce);
        _clientTransient = clientTransient.ToArray();
        Curve25519XSalsa20Poly1305.KeyPair(_transientSecret, _transientPublic);
        RandomNumberGenerator.Fill(_cookieKey);

        // The cookie holds C' and s' sealed with a key only we know; INITIATE must bring it back unchanged.
        var cookie = new byte[CurveProtocol.CookieSize];
        var cookieNonce = cookie.AsSpan(0, 16);
        RandomNumberGenerator.Fill(cookieNonce);
        var cookiePlain = new byte[64];
        _clientTransient.CopyTo(cookiePlain, 0);
        _transientSecret.CopyTo(cookiePlain, 32);
        using (var cookieBox = new XSalsa20Poly1305(_cookieKey))
        {
            CurveBox.Seal(cookieBox, cookie.AsSpan(16), cookiePlain, CurveBox.Nonce(CurveProtocol.CookieNoncePrefix, cookieNonce));
        }

        CryptographicOperations.ZeroMemory(cookiePlain);

        var welcomePlain = new byte[32 + CurveProtocol.CookieSize];
        _transientPublic.CopyTo(welcomePlain, 0);
        cookie.CopyTo(welcomePlain, 32);
        var welcome = new byte[CurveProtocol.WelcomeSize];
        int offset = ZmtpCommand.WriteName(welcome, "WELCOME");
        var longNonce = welcome.AsSpan(offset, 16);
        RandomNumberGenerator.Fill(longNonce);
        offset += 16;
        CurveBox.Seal(_longTerm.SecretKeyBytes, _clientTransient, welcomePlain, CurveBox.Nonce(CurveProtocol.WelcomeNoncePrefix, longNonce)).CopyTo(welcome, offset);
        return welcome;
    }

    /// <summary>
    /// Checks INITIATE: the cookie is ours and matches this connection, the box opens, and the vouch shows that the
    /// client's long-term key made this transient key for us. Returns the client's long-term public key, which the
    /// caller authorizes; the client's metadata comes back through <paramref name="metadata"/>.
    /// </summary>
    public byte[] ProcessInitiate(ReadOnlySpan<byte> initiate, out Dictionary<string, byte[]> metadata)
    {
        if (_clientTransient is null) throw new InvalidOperationException("INITIATE before HELLO.");
        if (!ZmtpCommand.Is(initiate, "INITIATE")) throw Unexpected(initiate, "INITIATE");
        if (initiate.Length < CurveProtocol.InitiateMinimumSize)
        {
            throw new ZmtpProtocolException(ZmtpFailure.MalformedFrame, $"INITIATE is {initiate.Length} bytes; the minimum is {CurveProtocol.InitiateMinimumSize}.");
        }

        var cookie = initiate.Slice(9, CurveProtocol.CookieSize);
        byte[] cookiePlain;
        using (var cookieBox = new XSalsa20Poly1305(_cookieKey))
        {
            cookiePlain = CurveBox.Open(cookieBox, cookie.Slice(16), CurveBox.Nonce(CurveProtocol.CookieNoncePrefix, cookie.Slice(0, 16)), "cookie");
        }

        bool cookieMatches = CryptographicOperations.FixedTimeEquals(cookiePlain.AsSpan(0, 32), _clientTransient)
            & CryptographicOperations.FixedTimeEquals(cookiePlain.AsSpan(32, 32), _transientSecret);
        CryptographicOperations.ZeroMemory(cookiePlain);
        if (!cookieMatches) throw new ZmtpProtocolException(ZmtpFailure.CryptographicFailure, "The INITIATE cookie belongs to another connection.");

        var shortNonce = initiate.Slice(105, 8);
        ulong nonce = BinaryPrimitives.ReadUInt64BigEndian(shortNonce);
        if (nonce <= _lastReceived)
        {
            throw new ZmtpProtocolException(ZmtpFailure.ReplayedNonce, $"INITIATE nonce {nonce} does not follow HELLO's {_lastReceived}.");
        }

        _sessionKey = CurveBox.Between(_transientSecret, _clientTransient);
        var plain = CurveBox.Open(_sessionKey, initiate.Slice(113), CurveBox.Nonce(CurveProtocol.InitiateNoncePrefix, shortNonce), "INITIATE");
        var clientLongTerm = plain.AsSpan(0, 32);
        var vouch = CurveBox.Open(_transientSecret, clientLongTerm, plain.AsSpan(48, 80), CurveBox.Nonce(CurveProtocol.VouchNoncePrefix, plain.AsSpan(32, 16)), "vouch");
        bool vouchMatches = CryptographicOperations.FixedTimeEquals(vouch.AsSpan(0, 32), _clientTransient)
            & CryptographicOperations.FixedTimeEquals(vouch.AsSpan(32, 32), _longTerm.PublicKeyBytes);
        if (!vouchMatches) throw new ZmtpProtocolException(ZmtpFailure.CryptographicFailure, "The vouch does not name this connection's keys.");

        _lastReceived = nonce;
        metadata = ZmtpMetadata.Decode(plain.AsSpan(128));
        // The cookie key has done its job; forgetting it means a captured cookie can never be opened again.
        CryptographicOperations.ZeroMemory(_cookieKey);
        return clientLongTerm.ToArray();
    }

    /// <summary>READY: <c>"\x05READY" nonce(8) box[metadata](S'->C')</c>; hands over the traffic keys.</summary>
    public byte[] CreateReady(byte[] metadata, out CurveSession session)
    {
        if (_sessionKey is null) throw new InvalidOperationException("READY before INITIATE.");
        const ulong nonce = 1;
        var ready = new byte[6 + 8 + CurveBox.TagLength + metadata.Length];
        int offset = ZmtpCommand.WriteName(ready, "READY");
        var shortNonce = ready.AsSpan(offset, 8);
        BinaryPrimitives.WriteUInt64BigEndian(shortNonce, nonce);
        CurveBox.Seal(_sessionKey, ready.AsSpan(offset + 8), metadata, CurveBox.Nonce(CurveProtocol.ReadyNoncePrefix, shortNonce));
        session = new CurveSession(_sessionKey, isServer: true, nonce, _lastReceived);
        _sessionKey = null;
        return ready;
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_transientSecret);
        CryptographicOperations.ZeroMemory(_cookieKey);
        _sessionKey?.Dispose();
    }

    private static ZmtpProtocolException Unexpected(ReadOnlySpan<byte> command, string expected)
    {
        string name = command.Length > 0 && command.Length > command[0] ? ZmtpCommand.ParseName(command, out _) : "?";
        return new ZmtpProtocolException(ZmtpFailure.UnexpectedCommand, $"Expected {expected} from the client, got '{name}'.");
    }
}
