using System;
using System.Buffers;
using System.Buffers.Binary;
using NaCl;

namespace ZeroContracts.Security;

/// <summary>
/// The traffic phase of a CurveZMQ connection: boxes and opens MESSAGE commands between the two transient keys.
/// Short nonces are 8-byte big-endian counters; each side's counter only goes up, and a received nonce that is not
/// larger than the last one accepted is refused, so a recorded command cannot be replayed or reordered.
/// </summary>
internal sealed class CurveSession : IDisposable
{
    private static readonly byte[] MessageName = "\u0007MESSAGE"u8.ToArray();

    private readonly Curve25519XSalsa20Poly1305 _key;

    // NaCl.Net does not promise that one key object may seal and open at once, and a gateway's writer and reader do
    // exactly that on one connection: without this lock 50 concurrent calls through the gateway lost their replies in
    // 2 of 4 runs (boxes that no longer opened), with it none did.
    private readonly object _keyLock = new();
    private readonly byte[] _sendNonce;
    private readonly byte[] _receiveNonce;
    private ulong _lastSent;
    private ulong _lastReceived;

    /// <param name="key">The box key between our transient secret key and the peer's transient public key; owned from now on.</param>
    /// <param name="isServer">Picks the nonce prefixes: "CurveZMQMESSAGES" for what the server sends, "...C" for the client.</param>
    /// <param name="lastSent">The last short nonce we used in the handshake; messages continue after it.</param>
    /// <param name="lastReceived">The last short nonce the peer used in the handshake.</param>
    public CurveSession(Curve25519XSalsa20Poly1305 key, bool isServer, ulong lastSent, ulong lastReceived)
    {
        _key = key;
        _sendNonce = CurveBox.Nonce(isServer ? CurveProtocol.ServerMessageNoncePrefix : CurveProtocol.ClientMessageNoncePrefix, stackalloc byte[8]);
        _receiveNonce = CurveBox.Nonce(isServer ? CurveProtocol.ClientMessageNoncePrefix : CurveProtocol.ServerMessageNoncePrefix, stackalloc byte[8]);
        _lastSent = lastSent;
        _lastReceived = lastReceived;
    }

    /// <summary>The size of the MESSAGE command body that carries <paramref name="payloadLength"/> bytes.</summary>
    public static int EncodedLength(int payloadLength) => CurveProtocol.MessageOverhead + payloadLength;

    /// <summary>Writes a MESSAGE command body carrying <paramref name="payload"/> with the given inner flags.</summary>
    /// <remarks>Not thread-safe: the caller serializes sends, which also keeps nonces in the order they hit the wire.</remarks>
    public void Encode(Span<byte> destination, ReadOnlySpan<byte> payload, byte flags)
    {
        // Reusing a nonce with the same key would expose both plaintexts; stop long before the counter wraps.
        if (_lastSent == ulong.MaxValue) throw new ZmtpProtocolException(ZmtpFailure.CryptographicFailure, "The short nonce space is exhausted.");
        ulong nonce = ++_lastSent;
        MessageName.CopyTo(destination);
        BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(8, 8), nonce);
        BinaryPrimitives.WriteUInt64BigEndian(_sendNonce.AsSpan(16), nonce);

        // crypto_box needs the flags and payload contiguous; a pooled buffer avoids a per-message allocation.
        int plainLength = 1 + payload.Length;
        var plain = ArrayPool<byte>.Shared.Rent(plainLength);
        try
        {
            plain[0] = flags;
            payload.CopyTo(plain.AsSpan(1));
            lock (_keyLock) CurveBox.Seal(_key, destination.Slice(16, CurveBox.TagLength + plainLength), plain.AsSpan(0, plainLength), _sendNonce);
        }
        finally
        {
            plain.AsSpan(0, plainLength).Clear();
            ArrayPool<byte>.Shared.Return(plain);
        }
    }

    /// <summary>Opens a MESSAGE command body; returns the payload and its inner flags.</summary>
    public byte[] Decode(ReadOnlySpan<byte> body, out byte flags)
    {
        if (!body.StartsWith(MessageName))
        {
            throw new ZmtpProtocolException(ZmtpFailure.UnexpectedCommand, "After the handshake a CURVE peer may only send MESSAGE commands.");
        }

        if (body.Length < CurveProtocol.MessageOverhead)
        {
            throw new ZmtpProtocolException(ZmtpFailure.MalformedFrame, $"A MESSAGE command of {body.Length} bytes is shorter than the minimum {CurveProtocol.MessageOverhead}.");
        }

        ulong nonce = BinaryPrimitives.ReadUInt64BigEndian(body.Slice(8, 8));
        if (nonce <= _lastReceived)
        {
            throw new ZmtpProtocolException(ZmtpFailure.ReplayedNonce, $"MESSAGE nonce {nonce} does not follow {_lastReceived}: replayed or reordered.");
        }

        BinaryPrimitives.WriteUInt64BigEndian(_receiveNonce.AsSpan(16), nonce);
        var box = body.Slice(16);
        int plainLength = box.Length - CurveBox.TagLength;
        var plain = ArrayPool<byte>.Shared.Rent(plainLength);
        try
        {
            bool opened;
            lock (_keyLock) opened = CurveBox.TryOpen(_key, plain.AsSpan(0, plainLength), box, _receiveNonce);
            if (!opened)
            {
                throw new ZmtpProtocolException(ZmtpFailure.CryptographicFailure, "A MESSAGE box did not open: tampered or not from this peer.");
            }

            // Only an authentic command moves the window, so forged bytes cannot push the counter ahead.
            _lastReceived = nonce;
            flags = plain[0];
            return plain.AsSpan(1, plainLength - 1).ToArray();
        }
        finally
        {
            plain.AsSpan(0, plainLength).Clear();
            ArrayPool<byte>.Shared.Return(plain);
        }
    }

    public void Dispose() => _key.Dispose();
}
