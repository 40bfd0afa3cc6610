using System;
using System.ComponentModel;
using System.IO;
using System.Text.Json;
using ZeroContracts.Wire;

namespace ZeroContracts.Messaging;

/// <summary>
/// One message being published or pushed. Generated code obtains one from its publisher or pusher, writes the key
/// and arguments, and hands it back to be sent, after which it must not touch it again. Instances are pooled.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class OutgoingMessage
{
    private readonly Utf8JsonWriter _json = new(Stream.Null);
    private readonly JsonSerializerOptions _options;
    private bool _argumentsOpen;

    internal OutgoingMessage(JsonSerializerOptions options) => _options = options;

    /// <summary>The index of the topic or operation in the sender's list.</summary>
    internal int Target { get; set; }

    /// <summary>The topic key as text, or null when the message has none.</summary>
    internal string? Key { get; private set; }

    internal PooledBufferWriter Body { get; } = new();

    internal bool HasBody { get; private set; }

    /// <summary>Sets the topic key: the value of the method's <see cref="TopicKeyAttribute"/> parameter.</summary>
    /// <param name="key">A string, enum or integer; not null.</param>
    public void WriteKey<T>(T key) => Key = TopicKeys.Format(key);

    /// <summary>Writes the single argument of a method with one parameter (the whole body).</summary>
    /// <param name="value">The argument.</param>
    public void WriteBody<T>(T value) => HasBody = BodyCodec.Encode(value, Body, _json, _options);

    /// <summary>Writes one argument of a method with several parameters (a member of the body's JSON object).</summary>
    /// <param name="name">The parameter's name as declared in the contract.</param>
    /// <param name="value">The argument.</param>
    public void WriteArgument<T>(string name, T value)
    {
        if (!_argumentsOpen)
        {
            _json.Reset(Body);
            _json.WriteStartObject();
            _argumentsOpen = true;
            HasBody = true;
        }

        JsonArguments.Write(_json, name, value, _options);
    }

    /// <summary>Closes the argument object; called by the sender before the message is queued.</summary>
    internal void Finish()
    {
        if (!_argumentsOpen) return;
        _json.WriteEndObject();
        _json.Flush();
        _argumentsOpen = false;
    }

    internal void Reset()
    {
        Target = 0;
        Key = null;
        HasBody = false;
        _argumentsOpen = false;
        Body.Clear();
    }

    internal void ReleaseBuffers()
    {
        Body.Release();
        _json.Dispose();
    }
}
