using System;
using System.Security.Cryptography;
using System.Text;
using NaCl;

namespace ZeroContracts.Security;

/// <summary>
/// The two NaCl primitives CurveZMQ is built from, in libsodium's "easy" layout (16-byte tag, then ciphertext):
/// crypto_box (Curve25519-XSalsa20-Poly1305, between two key pairs) and crypto_secretbox (XSalsa20-Poly1305, one
/// key, used for the server's cookie). Nonces are 24 bytes: an ASCII prefix that names the command, then a counter
/// or random bytes.
/// </summary>
internal static class CurveBox
{
    public const int KeyLength = 32;

    public const int TagLength = 16;

    public const int NonceLength = 24;

    /// <summary>Builds a 24-byte nonce from a CurveZMQ prefix ("CurveZMQHELLO---", "WELCOME-"...) and its suffix.</summary>
    public static byte[] Nonce(string prefix, ReadOnlySpan<byte> suffix)
    {
        var nonce = new byte[NonceLength];
        int n = Encoding.ASCII.GetBytes(prefix, nonce);
        if (n + suffix.Length != NonceLength) throw new ArgumentException("A nonce is 24 bytes.", nameof(suffix));
        suffix.CopyTo(nonce.AsSpan(n));
        return nonce;
    }

    /// <summary>Precomputes the box key between our secret key and the peer's public key, refusing a peer key of low order.</summary>
    public static Curve25519XSalsa20Poly1305 Between(ReadOnlySpan<byte> ourSecretKey, ReadOnlySpan<byte> peerPublicKey)
    {
        // A public key of small order makes the shared secret all zeros, which anyone can compute; libsodium refuses
        // such keys for the same reason.
        Span<byte> shared = stackalloc byte[KeyLength];
        Curve25519.ScalarMultiplication(shared, ourSecretKey, peerPublicKey);
        bool allZero = shared.IndexOfAnyExcept((byte)0) < 0;
        CryptographicOperations.ZeroMemory(shared);
        if (allZero) throw new ZmtpProtocolException(ZmtpFailure.CryptographicFailure, "The peer's public key is of small order.");
        return new Curve25519XSalsa20Poly1305(ourSecretKey, peerPublicKey);
    }

    /// <summary>Boxes <paramref name="plaintext"/> into <paramref name="box"/> (16 bytes longer).</summary>
    public static void Seal(XSalsa20Poly1305 key, Span<byte> box, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> nonce) =>
        key.Encrypt(box.Slice(TagLength, plaintext.Length), box.Slice(0, TagLength), plaintext, nonce);

    /// <summary>Boxes <paramref name="plaintext"/> between two key pairs; returns the box.</summary>
    public static byte[] Seal(ReadOnlySpan<byte> ourSecretKey, ReadOnlySpan<byte> peerPublicKey, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> nonce)
    {
        using var key = Between(ourSecretKey, peerPublicKey);
        var box = new byte[TagLength + plaintext.Length];
        Seal(key, box, plaintext, nonce);
        return box;
    }

    /// <summary>Opens a box into <paramref name="plaintext"/> (16 bytes shorter); false when it was not sealed with this key and nonce.</summary>
    public static bool TryOpen(XSalsa20Poly1305 key, Span<byte> plaintext, ReadOnlySpan<byte> box, ReadOnlySpan<byte> nonce)
    {
        if (box.Length < TagLength || plaintext.Length != box.Length - TagLength) return false;
        return key.TryDecrypt(plaintext, box.Slice(TagLength), box.Slice(0, TagLength), nonce);
    }

    /// <summary>Opens a box between two key pairs; throws a cryptographic failure naming <paramref name="what"/> when it does not open.</summary>
    public static byte[] Open(ReadOnlySpan<byte> ourSecretKey, ReadOnlySpan<byte> peerPublicKey, ReadOnlySpan<byte> box, ReadOnlySpan<byte> nonce, string what)
    {
        using var key = Between(ourSecretKey, peerPublicKey);
        return Open(key, box, nonce, what);
    }

    /// <summary>Opens a box with a precomputed or secret-box key; throws a cryptographic failure naming <paramref name="what"/>.</summary>
    public static byte[] Open(XSalsa20Poly1305 key, ReadOnlySpan<byte> box, ReadOnlySpan<byte> nonce, string what)
    {
        var plaintext = new byte[Math.Max(0, box.Length - TagLength)];
        if (!TryOpen(key, plaintext, box, nonce))
        {
            throw new ZmtpProtocolException(ZmtpFailure.CryptographicFailure, $"The {what} box did not open: wrong key or tampered bytes.");
        }

        return plaintext;
    }
}
