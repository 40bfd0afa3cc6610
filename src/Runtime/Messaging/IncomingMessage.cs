using System;
using System.ComponentModel;
using System.Text.Json;
using ZeroContracts.Wire;

namespace ZeroContracts.Messaging;

/// <summary>
/// One received message, handed to generated code that reads the key and arguments and calls the handler.
/// Instances are pooled by their receiver and must not be kept after the handler returns.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class IncomingMessage
{
    private readonly JsonSerializerOptions _options;

    internal IncomingMessage(JsonSerializerOptions options) => _options = options;

    /// <summary>The index of the matched topic or operation in the receiver's table.</summary>
    internal int Target { get; set; }

    /// <summary>The topic or operation name, for events.</summary>
    internal string Name { get; set; } = "";

    /// <summary>The topic key as text, or null when the topic has none.</summary>
    internal string? Key { get; set; }

    internal PooledBufferWriter Body { get; } = new();

    internal bool HasBody { get; set; }

    /// <summary>Reads the topic key (the text after the topic and '/').</summary>
    public T ReadKey<T>() => Key is null ? throw new WireFormatException("The message has no topic key.") : TopicKeys.Parse<T>(Key);

    /// <summary>Reads the single argument of a method with one parameter (the whole body).</summary>
    public T ReadBody<T>() => BodyCodec.Decode<T>(Body.WrittenSpan, HasBody, _options);

    /// <summary>Reads one argument of a method with several parameters from the body's JSON object.</summary>
    /// <param name="name">The parameter's name as declared in the contract.</param>
    /// <param name="defaultValue">The value when the message does not carry the argument.</param>
    public T ReadArgument<T>(string name, T defaultValue = default!) => JsonArguments.Read(Body.WrittenSpan, HasBody, name, defaultValue, _options);

    /// <summary>The name with its key, as events report it.</summary>
    internal string Describe() => Key is null ? Name : Name + "/" + Key;

    internal void Reset()
    {
        Target = 0;
        Name = "";
        Key = null;
        HasBody = false;
        Body.Clear();
    }
}
