using System;

namespace ZeroContracts;

/// <summary>
/// Z85, the printable encoding ZeroMQ uses for CURVE keys (rfc.zeromq.org/spec:32): every 4 bytes become 5 characters
/// from an 85-character alphabet, so a 32-byte key is a 40-character string that survives configuration files,
/// command lines and JSON without quoting.
/// </summary>
public static class Z85
{
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

    // Index by character code (all Z85 characters are ASCII); -1 marks a character outside the alphabet.
    private static readonly sbyte[] Decoder = BuildDecoder();

    /// <summary>Encodes <paramref name="data"/>, whose length must be a multiple of 4.</summary>
    /// <exception cref="ArgumentException">The length is not a multiple of 4.</exception>
    public static string Encode(ReadOnlySpan<byte> data)
    {
        if (data.Length % 4 != 0)
        {
            throw new ArgumentException($"Z85 encodes whole 4-byte groups; {data.Length} bytes is not a multiple of 4.", nameof(data));
        }

        var chars = new char[data.Length / 4 * 5];
        for (int i = 0, c = 0; i < data.Length; i += 4)
        {
            uint value = (uint)(data[i] << 24 | data[i + 1] << 16 | data[i + 2] << 8 | data[i + 3]);
            for (int k = 4; k >= 0; k--)
            {
                chars[c + k] = Alphabet[(int)(value % 85)];
                value /= 85;
            }

            c += 5;
        }

        return new string(chars);
    }

    /// <summary>Decodes <paramref name="text"/>, whose length must be a multiple of 5.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ArgumentException">The length is not a multiple of 5, a character is not in the Z85 alphabet,
    /// or a 5-character group encodes a value larger than 32 bits.</exception>
    public static byte[] Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length % 5 != 0)
        {
            throw new ArgumentException($"Z85 text is made of 5-character groups; {text.Length} characters is not a multiple of 5.", nameof(text));
        }

        var bytes = new byte[text.Length / 5 * 4];
        for (int i = 0, b = 0; i < text.Length; i += 5)
        {
            ulong value = 0;
            for (int k = 0; k < 5; k++)
            {
                char ch = text[i + k];
                int digit = ch < Decoder.Length ? Decoder[ch] : -1;
                if (digit < 0)
                {
                    throw new ArgumentException($"'{ch}' at position {i + k} is not a Z85 character.", nameof(text));
                }

                value = value * 85 + (ulong)digit;
            }

            // "#####" is 85^5 - 1, more than 32 bits can hold; RFC 32 leaves such groups undefined, so refuse them.
            if (value > uint.MaxValue)
            {
                throw new ArgumentException($"The Z85 group at position {i} encodes a value larger than 32 bits.", nameof(text));
            }

            bytes[b++] = (byte)(value >> 24);
            bytes[b++] = (byte)(value >> 16);
            bytes[b++] = (byte)(value >> 8);
            bytes[b++] = (byte)value;
        }

        return bytes;
    }

    private static sbyte[] BuildDecoder()
    {
        var table = new sbyte[128];
        table.AsSpan().Fill(-1);
        for (int i = 0; i < Alphabet.Length; i++) table[Alphabet[i]] = (sbyte)i;
        return table;
    }
}
