using System;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ZeroContracts.Wire;

/// <summary>
/// Encodes one value as a body frame (docs/protocol.md 2.4): <see cref="string"/> as UTF-8, <see cref="byte"/>[] as
/// is, anything else as JSON. A <see langword="null"/> string or byte array is "no body frame".
/// </summary>
internal static class BodyCodec
{
    /// <summary>Writes <paramref name="value"/> into <paramref name="output"/>; returns false when there is no body frame to send.</summary>
    public static bool Encode<T>(T value, PooledBufferWriter output, Utf8JsonWriter json, JsonSerializerOptions options)
    {
        if (typeof(T) == typeof(string))
        {
            if (value is not string text) return false;
            var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
            output.Advance(Encoding.UTF8.GetBytes(text, span));
            return true;
        }

        if (typeof(T) == typeof(byte[]))
        {
            if (value is not byte[] bytes) return false;
            output.Write(bytes);
            return true;
        }

        json.Reset(output);
        JsonSerializer.Serialize(json, value, TypeInfo<T>(options));
        json.Flush();
        return true;
    }

    /// <summary>Reads a body frame back into a value; <paramref name="present"/> false means no body frame came.</summary>
    /// <exception cref="WireFormatException">The bytes are not a valid <typeparamref name="T"/>.</exception>
    public static T Decode<T>(ReadOnlySpan<byte> body, bool present, JsonSerializerOptions options)
    {
        if (typeof(T) == typeof(string))
        {
            if (!present) return default!;
            try
            {
                return (T)(object)StrictUtf8.GetString(body);
            }
            catch (DecoderFallbackException e)
            {
                throw new WireFormatException("The body is not valid UTF-8 text.", e);
            }
        }

        if (typeof(T) == typeof(byte[]))
        {
            return present ? (T)(object)body.ToArray() : default!;
        }

        try
        {
            // An absent body reads as JSON null: fine for reference and nullable types, an error for the rest.
            return JsonSerializer.Deserialize(present ? body : "null"u8, TypeInfo<T>(options))!;
        }
        catch (JsonException e)
        {
            throw new WireFormatException($"The body is not valid JSON for {TypeNames.Of(typeof(T))}: {e.Message}", e);
        }
        catch (NotSupportedException e)
        {
            throw new WireFormatException($"{TypeNames.Of(typeof(T))} cannot be read from JSON: {e.Message}", e);
        }
    }

    /// <summary>
    /// The serializer metadata for <typeparamref name="T"/>, through the options' resolver, so that a
    /// source-generated context is honoured and no reflection-only API is called (trimming, native AOT).
    /// </summary>
    public static JsonTypeInfo<T> TypeInfo<T>(JsonSerializerOptions options)
    {
        if (!options.IsReadOnly) Lock(options);
        return (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Reflection metadata is used only when the application leaves reflection-based serialization enabled; trimmed apps pass a source-generated context.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "As above: native AOT apps disable reflection-based serialization and pass a source-generated context.")]
    private static void Lock(JsonSerializerOptions options)
    {
        if (options.TypeInfoResolver is null && !JsonSerializer.IsReflectionEnabledByDefault)
        {
            throw new InvalidOperationException(
                "Reflection-based JSON serialization is disabled in this application: set JsonOptions.TypeInfoResolver " +
                "to a source-generated JsonSerializerContext that covers the contract's types.");
        }

        // Options built by hand without a resolver get the reflection resolver, as JsonSerializer's own overloads do.
        options.MakeReadOnly(populateMissingResolver: true);
    }

    /// <summary>UTF-8 that throws on invalid bytes instead of inventing replacement characters.</summary>
    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
