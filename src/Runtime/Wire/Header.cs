using System;

namespace ZeroContracts.Wire;

/// <summary>Reads the request header frame: an operation name, optionally versioned as <c>~1 Name</c> (docs/protocol.md 2.2).</summary>
internal static class Header
{
    public enum Result
    {
        Ok,
        UnsupportedVersion,
        Malformed,
    }

    public static Result TryReadOperation(ReadOnlySpan<byte> header, out ReadOnlySpan<byte> operation)
    {
        operation = header;
        if (header.Length > 0 && header[0] == (byte)'~')
        {
            var space = header.IndexOf((byte)' ');
            if (space < 0) return Result.Malformed;
            if (!header.Slice(1, space - 1).SequenceEqual("1"u8)) return Result.UnsupportedVersion;
            operation = header.Slice(space + 1);
        }

        return IsValidName(operation) ? Result.Ok : Result.Malformed;
    }

    public static bool IsValidName(ReadOnlySpan<byte> name)
    {
        if (name.Length is 0 or > Frames.MaxOperationNameLength) return false;
        foreach (var b in name)
        {
            var ok = b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
                or (byte)'_' or (byte)'-' or (byte)'.' or (byte)'/';
            if (!ok) return false;
        }

        return true;
    }

    /// <summary>An operation name from the wire made safe to echo in a message: printable ASCII, at most 64 characters.</summary>
    public static string Printable(ReadOnlySpan<byte> raw)
    {
        var length = Math.Min(raw.Length, 64);
        Span<char> chars = stackalloc char[length];
        for (var i = 0; i < length; i++) chars[i] = raw[i] is >= 0x20 and < 0x7f ? (char)raw[i] : '?';
        return raw.Length > length ? new string(chars) + "..." : new string(chars);
    }
}
