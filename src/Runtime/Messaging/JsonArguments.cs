using System;
using System.Text.Json;
using ZeroContracts.Wire;

namespace ZeroContracts.Messaging;

/// <summary>
/// The body of a message with several parameters: one JSON object keyed by parameter name (docs/protocol.md 2.4),
/// the same encoding request/reply uses.
/// </summary>
internal static class JsonArguments
{
    public static void Write<T>(Utf8JsonWriter json, string name, T value, JsonSerializerOptions options)
    {
        json.WritePropertyName(name);
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case string text when typeof(T) == typeof(string):
                json.WriteStringValue(text);
                break;
            case byte[] bytes when typeof(T) == typeof(byte[]):
                json.WriteBase64StringValue(bytes);
                break;
            default:
                JsonSerializer.Serialize(json, value, BodyCodec.TypeInfo<T>(options));
                break;
        }
    }

    /// <exception cref="WireFormatException">The body is not a JSON object or the argument has the wrong type.</exception>
    public static T Read<T>(ReadOnlySpan<byte> body, bool present, string name, T defaultValue, JsonSerializerOptions options)
    {
        if (!present) return defaultValue;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw new WireFormatException("A body carrying several parameters must be a JSON object.");

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals(name))
                {
                    reader.Read();
                    if (typeof(T) == typeof(string)) return reader.TokenType == JsonTokenType.Null ? default! : (T)(object)reader.GetString()!;
                    if (typeof(T) == typeof(byte[])) return reader.TokenType == JsonTokenType.Null ? default! : (T)(object)reader.GetBytesFromBase64();
                    return JsonSerializer.Deserialize(ref reader, BodyCodec.TypeInfo<T>(options))!;
                }

                reader.Skip();
            }

            return defaultValue;
        }
        catch (JsonException e)
        {
            throw new WireFormatException($"Argument '{name}' is not valid JSON for {TypeNames.Of(typeof(T))}: {e.Message}", e);
        }
        catch (FormatException e)
        {
            throw new WireFormatException($"Argument '{name}' is not valid base64: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            throw new WireFormatException($"Argument '{name}' has the wrong JSON type for {TypeNames.Of(typeof(T))}: {e.Message}", e);
        }
    }
}
