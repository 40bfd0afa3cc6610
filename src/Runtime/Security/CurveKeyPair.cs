using System;
using System.Security.Cryptography;
using NaCl;

namespace ZeroContracts;

/// <summary>
/// A CURVE long-term key pair (Curve25519), as CurveZMQ servers and clients use to prove who they are. Keys are
/// 32 bytes, written as 40-character <see cref="Z85"/> strings, the same form libzmq's <c>zmq_curve_keypair</c>
/// and pyzmq's <c>zmq.curve_keypair()</c> produce, so keys can be shared with any ZeroMQ peer.
/// </summary>
public sealed class CurveKeyPair
{
    /// <summary>The length of a public or secret key in bytes.</summary>
    public const int KeyLength = 32;

    private readonly byte[] _publicKey;
    private readonly byte[] _secretKey;

    private CurveKeyPair(byte[] secretKey, byte[] publicKey)
    {
        _secretKey = secretKey;
        _publicKey = publicKey;
        PublicKey = Z85.Encode(publicKey);
        SecretKey = Z85.Encode(secretKey);
    }

    /// <summary>The public key as Z85 text (40 characters): give this to peers.</summary>
    public string PublicKey { get; }

    /// <summary>The secret key as Z85 text (40 characters): keep this private.</summary>
    public string SecretKey { get; }

    /// <summary>The public key's 32 bytes.</summary>
    public ReadOnlySpan<byte> PublicKeyBytes => _publicKey;

    /// <summary>The secret key's 32 bytes.</summary>
    public ReadOnlySpan<byte> SecretKeyBytes => _secretKey;

    /// <summary>Creates a new random key pair.</summary>
    public static CurveKeyPair Generate()
    {
        var secret = new byte[KeyLength];
        RandomNumberGenerator.Fill(secret);
        return FromSecretKey(secret);
    }

    /// <summary>Rebuilds a key pair from its secret key in Z85 text; the public key is derived from it.</summary>
    /// <exception cref="ArgumentException">The text is not a 40-character Z85 key.</exception>
    public static CurveKeyPair FromSecretKey(string secretKey)
    {
        ArgumentNullException.ThrowIfNull(secretKey);
        return FromSecretKey(DecodeKey(secretKey, nameof(secretKey)));
    }

    /// <summary>Rebuilds a key pair from its 32-byte secret key; the public key is derived from it.</summary>
    /// <exception cref="ArgumentException">The key is not 32 bytes.</exception>
    public static CurveKeyPair FromSecretKey(ReadOnlySpan<byte> secretKey)
    {
        if (secretKey.Length != KeyLength)
        {
            throw new ArgumentException($"A CURVE secret key is {KeyLength} bytes, not {secretKey.Length}.", nameof(secretKey));
        }

        var secret = secretKey.ToArray();
        var publicKey = new byte[KeyLength];
        // The multiplication takes a writable span; hand it a copy so the stored secret is exactly what was given.
        Curve25519.ScalarMultiplicationBase(publicKey, secretKey.ToArray());
        return new CurveKeyPair(secret, publicKey);
    }

    /// <summary>Decodes a 40-character Z85 public key to its 32 bytes, with a clear error for anything else.</summary>
    /// <exception cref="ArgumentException">The text is not a 40-character Z85 key.</exception>
    public static byte[] DecodeKey(string z85Key, string parameterName = "key")
    {
        ArgumentNullException.ThrowIfNull(z85Key, parameterName);
        if (z85Key.Length != 40)
        {
            throw new ArgumentException($"A CURVE key is 40 Z85 characters, not {z85Key.Length}.", parameterName);
        }

        try
        {
            return Z85.Decode(z85Key);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"A CURVE key must be Z85 text: {e.Message}", parameterName, e);
        }
    }

    /// <summary>Shows the public key only, so a key pair can be logged without leaking its secret.</summary>
    public override string ToString() => $"CurveKeyPair(public {PublicKey})";
}
