using System;

namespace ZeroContracts.Wire;

/// <summary>
/// A name frame that carries its body after byte 0xFF: <c>[name 0xFF body]</c> instead of <c>[name] [body]</c>, where the
/// name is a request header or reply status (docs/protocol.md 2.2, 2.3) or a pipeline operation (6.1). NetMQ pays a
/// system call and I/O-thread work for every frame, so one frame instead of two is what makes the typed form cost close
/// to a raw single-frame message. 0xFF never occurs in a name (ASCII) nor in UTF-8.
/// </summary>
internal static class CompactFrame
{
    /// <summary>The byte between the name and the body.</summary>
    public const byte Separator = 0xFF;

    /// <summary>The length of <c>name 0xFF body</c>.</summary>
    public static int Length(ReadOnlySpan<byte> name, ReadOnlySpan<byte> body) => name.Length + 1 + body.Length;

    /// <summary>Writes <c>name 0xFF body</c> at the start of <paramref name="into"/>, which is at least <see cref="Length"/> long.</summary>
    public static void Write(Span<byte> into, ReadOnlySpan<byte> name, ReadOnlySpan<byte> body)
    {
        name.CopyTo(into);
        into[name.Length] = Separator;
        body.CopyTo(into.Slice(name.Length + 1));
    }

    /// <summary>
    /// Splits <paramref name="frame"/> at its first 0xFF into the name and the offset where the body starts; false when
    /// it has none (the separate form, whose body, if any, is the next frame). An empty body after 0xFF is a present one.
    /// </summary>
    public static bool TrySplit(ReadOnlySpan<byte> frame, out ReadOnlySpan<byte> name, out int bodyStart)
    {
        var separator = frame.IndexOf(Separator);
        if (separator < 0)
        {
            name = frame;
            bodyStart = -1;
            return false;
        }

        name = frame.Slice(0, separator);
        bodyStart = separator + 1;
        return true;
    }
}
