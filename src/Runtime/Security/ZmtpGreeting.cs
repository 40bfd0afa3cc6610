using System;

namespace ZeroContracts.Security;

/// <summary>
/// The 64-byte ZMTP 3.0 greeting (rfc.zeromq.org/spec:23): signature <c>FF 00*8 7F</c>, version 3.0, the mechanism
/// name padded to 20 bytes, the as-server flag and 31 bytes of filler.
/// </summary>
/// <remarks>
/// The validator works on a growing prefix: <see cref="Check"/> says how many more bytes it needs or throws as soon
/// as the bytes seen so far rule the peer out. A ZMTP 1.0 peer (first byte is a length, not FF) is refused after one
/// byte, a ZMTP 2.0 peer (revision 1) after eleven, HTTP after one; nothing the peer sends after its greeting is
/// ever read. That is the downgrade guard RFC 23 asks for and NetMQ 4.0.4.5 lacks.
/// </remarks>
internal static class ZmtpGreeting
{
    public const int Length = 64;

    public const byte MajorVersion = 3;

    public const byte MinorVersion = 0;

    public const string Mechanism = "CURVE";

    // Offsets of the greeting's fields.
    private const int SignatureEnd = 10;
    private const int MajorOffset = 10;
    private const int MinorOffset = 11;
    private const int MechanismOffset = 12;
    private const int MechanismLength = 20;
    private const int AsServerOffset = 32;

    /// <summary>Writes our greeting: version 3.0 (we speak 3.0 framing, so 3.1 peers fall back to it), CURVE.</summary>
    public static byte[] Create(bool asServer)
    {
        var greeting = new byte[Length];
        greeting[0] = 0xFF;
        greeting[9] = 0x7F;
        greeting[MajorOffset] = MajorVersion;
        greeting[MinorOffset] = MinorVersion;
        for (int i = 0; i < Mechanism.Length; i++) greeting[MechanismOffset + i] = (byte)Mechanism[i];
        greeting[AsServerOffset] = asServer ? (byte)1 : (byte)0;
        return greeting;
    }

    /// <summary>
    /// Checks the first <c>received.Length</c> bytes of a peer's greeting. Returns how many more bytes must be read
    /// before the next decision (0 when the greeting is complete and valid); throws when the prefix is already wrong.
    /// </summary>
    /// <param name="received">The bytes received so far, from the start of the connection.</param>
    public static int Check(ReadOnlySpan<byte> received)
    {
        if (received.Length > Length) throw new ArgumentException("More bytes than a greeting.", nameof(received));
        if (received.Length == 0) return 1;

        // ZMTP 1.0 starts with a frame length; only a 0xFF escape can begin a ZMTP 2.0+ signature.
        if (received[0] != 0xFF)
        {
            throw new ZmtpProtocolException(ZmtpFailure.LegacyPeer,
                $"The peer's first byte is 0x{received[0]:X2}, not 0xFF: a ZMTP 1.0 peer or another protocol (HTTP?), refused before reading more.");
        }

        if (received.Length < SignatureEnd) return SignatureEnd - received.Length;

        // In ZMTP 1.0 these 9 bytes are a long frame length; ZMTP 2.0 and 3.x end the signature with 0x7F.
        if (received[9] != 0x7F)
        {
            throw new ZmtpProtocolException(ZmtpFailure.LegacyPeer,
                $"The peer's signature ends with 0x{received[9]:X2}, not 0x7F: a ZMTP 1.0 peer or not ZMTP, refused.");
        }

        if (received.Length <= MajorOffset) return MajorOffset + 1 - received.Length;
        byte major = received[MajorOffset];
        if (major < MajorVersion)
        {
            // Revision 1 is ZMTP 2.0 and revision 0 ZMTP 1.0: both predate security mechanisms, so accepting them would
            // let a plaintext peer bypass CURVE.
            throw new ZmtpProtocolException(ZmtpFailure.LegacyPeer,
                $"The peer speaks ZMTP revision {major} (ZMTP {(major == 1 ? "2.0" : "1.0")}); CURVE needs ZMTP 3, refused.");
        }

        // A higher major version is allowed: RFC 23 lets the newer peer downgrade to ours.
        if (received.Length <= MinorOffset) return MinorOffset + 1 - received.Length;

        if (received.Length < MechanismOffset + MechanismLength) return MechanismOffset + MechanismLength - received.Length;
        var mechanism = received.Slice(MechanismOffset, MechanismLength);
        if (!IsCurve(mechanism))
        {
            throw new ZmtpProtocolException(ZmtpFailure.UnsupportedMechanism,
                $"The peer asks for security mechanism '{Printable(mechanism)}'; this endpoint requires CURVE.");
        }

        if (received.Length <= AsServerOffset) return AsServerOffset + 1 - received.Length;
        byte asServer = received[AsServerOffset];
        if (asServer > 1)
        {
            throw new ZmtpProtocolException(ZmtpFailure.InvalidGreeting, $"The peer's as-server field is {asServer}; it must be 0 or 1.");
        }

        // The role is not checked here: libzmq 4.3's CURVE server announces as-server 0, so the field cannot be trusted
        // to mean anything. The handshake settles roles (a client that meets another client gets HELLO, not WELCOME).
        // The filler's content is not specified beyond "zeros", and libzmq does not check it either.
        return Length - received.Length;
    }

    private static bool IsCurve(ReadOnlySpan<byte> mechanism)
    {
        for (int i = 0; i < MechanismLength; i++)
        {
            byte expected = i < Mechanism.Length ? (byte)Mechanism[i] : (byte)0;
            if (mechanism[i] != expected) return false;
        }

        return true;
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[bytes.Length];
        int n = 0;
        foreach (var b in bytes)
        {
            if (b == 0) break;
            chars[n++] = b is >= 0x20 and < 0x7F ? (char)b : '?';
        }

        return new string(chars, 0, n);
    }
}
