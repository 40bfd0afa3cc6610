using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;

namespace ZeroContracts.Security;

/// <summary>
/// ZMTP 3.0 metadata, carried in INITIATE and READY: a sequence of <c>name-length name value-length value</c>
/// properties, the name 1-255 octets (letters, digits, <c>-_.+</c>), the value length four octets big-endian.
/// Names are case-insensitive (RFC 23).
/// </summary>
internal static class ZmtpMetadata
{
    public const string SocketType = "Socket-Type";

    public const string Identity = "Identity";

    /// <summary>Encodes properties in the order given.</summary>
    public static byte[] Encode(IReadOnlyList<KeyValuePair<string, byte[]>> properties)
    {
        int length = 0;
        foreach (var (name, value) in properties)
        {
            if (name.Length is 0 or > byte.MaxValue || !IsValidName(name)) throw new ArgumentException($"'{name}' is not a valid ZMTP property name.", nameof(properties));
            length += 1 + name.Length + 4 + value.Length;
        }

        var buffer = new byte[length];
        int offset = 0;
        foreach (var (name, value) in properties)
        {
            buffer[offset++] = (byte)name.Length;
            offset += Encoding.ASCII.GetBytes(name, buffer.AsSpan(offset));
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(offset), (uint)value.Length);
            offset += 4;
            value.CopyTo(buffer, offset);
            offset += value.Length;
        }

        return buffer;
    }

    /// <summary>Decodes properties; throws on truncation, an invalid name or a name given twice.</summary>
    public static Dictionary<string, byte[]> Decode(ReadOnlySpan<byte> data)
    {
        var properties = new Dictionary<string, byte[]>(StringComparer.OrdinalIgnoreCase);
        int offset = 0;
        while (offset < data.Length)
        {
            int nameLength = data[offset++];
            if (nameLength == 0 || data.Length - offset < nameLength + 4)
            {
                throw new ZmtpProtocolException(ZmtpFailure.MalformedFrame, "Metadata is truncated or has an empty property name.");
            }

            var nameBytes = data.Slice(offset, nameLength);
            foreach (var b in nameBytes)
            {
                if (!IsNameChar((char)b)) throw new ZmtpProtocolException(ZmtpFailure.MalformedFrame, "A metadata property name has an invalid character.");
            }

            string name = Encoding.ASCII.GetString(nameBytes);
            offset += nameLength;
            uint valueLength = BinaryPrimitives.ReadUInt32BigEndian(data.Slice(offset, 4));
            offset += 4;
            if (valueLength > (uint)(data.Length - offset))
            {
                throw new ZmtpProtocolException(ZmtpFailure.MalformedFrame, $"Metadata property '{name}' claims {valueLength} bytes; fewer remain.");
            }

            // A repeated name would let the same command say two things (two socket types); libzmq never sends one.
            if (!properties.TryAdd(name, data.Slice(offset, (int)valueLength).ToArray()))
            {
                throw new ZmtpProtocolException(ZmtpFailure.MalformedFrame, $"Metadata property '{name}' appears twice.");
            }

            offset += (int)valueLength;
        }

        return properties;
    }

    private static bool IsValidName(string name)
    {
        foreach (var c in name)
        {
            if (!IsNameChar(c)) return false;
        }

        return true;
    }

    private static bool IsNameChar(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.' or '+';
}
