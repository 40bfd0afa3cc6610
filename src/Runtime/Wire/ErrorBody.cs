using System;
using System.Text.Json;

namespace ZeroContracts.Wire;

/// <summary>The JSON object carried by error replies: <c>{"code", "message", "type"?, "stackTrace"?}</c> (docs/protocol.md 2.5).</summary>
internal static class ErrorBody
{
    public static void Write(PooledBufferWriter output, Utf8JsonWriter json, string code, string message, string? type, string? stackTrace)
    {
        json.Reset(output);
        json.WriteStartObject();
        json.WriteString("code", code);
        json.WriteString("message", message);
        if (type is not null) json.WriteString("type", type);
        if (stackTrace is not null) json.WriteString("stackTrace", stackTrace);
        json.WriteEndObject();
        json.Flush();
    }

    /// <summary>Turns an error body into the exception the caller sees; a body that is not one still yields a clear error.</summary>
    public static RemoteException Read(ReadOnlySpan<byte> body, string operation)
    {
        string? code = null, message = null, type = null, stackTrace = null;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return Unreadable(operation);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("code"u8)) code = ReadString(ref reader);
                else if (reader.ValueTextEquals("message"u8)) message = ReadString(ref reader);
                else if (reader.ValueTextEquals("type"u8)) type = ReadString(ref reader);
                else if (reader.ValueTextEquals("stackTrace"u8)) stackTrace = ReadString(ref reader);
                else reader.Skip();
            }
        }
        catch (JsonException)
        {
            return Unreadable(operation);
        }

        if (code is null) return Unreadable(operation);
        return new RemoteException(code, message ?? code, type) { Operation = operation, RemoteStackTrace = stackTrace };
    }

    private static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String) return reader.GetString();
        reader.Skip();
        return null;
    }

    private static RemoteException Unreadable(string operation) =>
        new(ErrorCodes.BadReply, $"The server answered '{operation}' with an error reply whose body is not an error object.") { Operation = operation };
}
