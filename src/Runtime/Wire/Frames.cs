using System;

namespace ZeroContracts.Wire;

/// <summary>The fixed frames and limits of docs/protocol.md.</summary>
internal static class Frames
{
    public static ReadOnlySpan<byte> Ok => "ok"u8;

    public static ReadOnlySpan<byte> Error => "error"u8;

    /// <summary>
    /// The header of a client's cancel message (section 4.1). '!' cannot start an operation name, so a server that does
    /// not know the message answers it <c>bad_request</c>, which the client drops: sending it is always safe.
    /// </summary>
    public static ReadOnlySpan<byte> Cancel => "!cancel"u8;

    /// <summary>Envelope frames a server accepts in front of the delimiter (section 2.1).</summary>
    public const int MaxEnvelopeFrames = 8;

    /// <summary>Largest envelope frame a server accepts (section 2.1).</summary>
    public const int MaxEnvelopeFrameSize = 255;

    /// <summary>Longest operation name (section 2.2).</summary>
    public const int MaxOperationNameLength = 200;

    /// <summary>Size of the client's request-id frame.</summary>
    public const int RequestIdSize = 4;
}
