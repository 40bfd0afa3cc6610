using System;
using System.Text;

namespace ZeroContracts.Security;

/// <summary>
/// The body of a ZMTP 3.0 command frame: <c>name-length name data</c>, where the name is 1 to 255 ASCII characters.
/// </summary>
internal static class ZmtpCommand
{
    /// <summary>Splits a command body into its name and data; throws on a body too short for its declared name.</summary>
    public static string ParseName(ReadOnlySpan<byte> body, out int dataOffset)
    {
        if (body.Length < 1 || body[0] == 0 || body.Length < 1 + body[0])
        {
            throw new ZmtpProtocolException(ZmtpFailure.MalformedFrame, "A command frame is too short for its name.");
        }

        int length = body[0];
        dataOffset = 1 + length;
        return Encoding.ASCII.GetString(body.Slice(1, length));
    }

    /// <summary>True when <paramref name="body"/> is the command called <paramref name="name"/> (exact, as libzmq compares).</summary>
    public static bool Is(ReadOnlySpan<byte> body, string name)
    {
        if (body.Length < 1 + name.Length || body[0] != name.Length) return false;
        for (int i = 0; i < name.Length; i++)
        {
            if (body[1 + i] != name[i]) return false;
        }

        return true;
    }

    /// <summary>Writes <c>name-length name</c> at the start of <paramref name="destination"/>; returns the bytes written.</summary>
    public static int WriteName(Span<byte> destination, string name)
    {
        destination[0] = (byte)name.Length;
        Encoding.ASCII.GetBytes(name, destination.Slice(1));
        return 1 + name.Length;
    }

    /// <summary>Builds a whole command body from its name and data.</summary>
    public static byte[] Create(string name, ReadOnlySpan<byte> data)
    {
        var body = new byte[1 + name.Length + data.Length];
        int offset = WriteName(body, name);
        data.CopyTo(body.AsSpan(offset));
        return body;
    }

    /// <summary>The ERROR command: <c>"\x05ERROR" reason-length reason</c>, reason at most 255 bytes.</summary>
    public static byte[] CreateError(string reason)
    {
        var text = Encoding.ASCII.GetBytes(reason);
        if (text.Length > byte.MaxValue) Array.Resize(ref text, byte.MaxValue);
        var data = new byte[1 + text.Length];
        data[0] = (byte)text.Length;
        text.CopyTo(data, 1);
        return Create("ERROR", data);
    }

    /// <summary>Reads the reason of an ERROR command's data; tolerates a reason that overstates its length.</summary>
    public static string ParseErrorReason(ReadOnlySpan<byte> data)
    {
        if (data.Length == 0) return "";
        int length = Math.Min(data[0], data.Length - 1);
        var chars = new char[length];
        for (int i = 0; i < length; i++)
        {
            byte b = data[1 + i];
            chars[i] = b is >= 0x20 and < 0x7F ? (char)b : '?';
        }

        return new string(chars);
    }
}
