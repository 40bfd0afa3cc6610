using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text;

namespace ZeroContracts.Messaging;

/// <summary>The topics (PUB/SUB) or operations (PUSH/PULL) of one contract, as generated code declares them once per contract.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class MessageTable
{
    private protected MessageTable(string contractName, Framing framing)
    {
        ContractName = contractName;
        Framing = framing;
    }

    /// <summary>The contract's full name.</summary>
    public string ContractName { get; }

    /// <summary>The contract's framing.</summary>
    public Framing Framing { get; }

    internal abstract int Count { get; }

    internal abstract Entry this[int index] { get; }

    /// <summary>The index of the entry named <paramref name="name"/> in UTF-8, or -1.</summary>
    internal int Find(ReadOnlySpan<byte> name)
    {
        // Contracts have a handful of messages: a linear scan of short byte strings beats hashing them.
        for (var i = 0; i < Count; i++)
        {
            if (name.SequenceEqual(this[i].Utf8Name)) return i;
        }

        return -1;
    }

    /// <summary>One topic or operation: its wire name and whether a topic key follows it.</summary>
    internal sealed record Entry(string Name, byte[] Utf8Name, bool Keyed);
}

/// <summary>A <see cref="MessageTable"/> with the generated handler of each entry.</summary>
/// <typeparam name="TService">The contract interface.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class MessageTable<TService> : MessageTable
{
    private readonly List<Entry> _entries = new();
    private readonly List<MessageHandler<TService>> _handlers = new();

    /// <summary>Starts an empty table.</summary>
    /// <param name="contractName">The contract's full name, for messages.</param>
    /// <param name="framing">The contract's framing.</param>
    public MessageTable(string contractName, Framing framing)
        : base(contractName, framing)
    {
    }

    internal override int Count => _entries.Count;

    internal override Entry this[int index] => _entries[index];

    /// <summary>Adds a topic or operation; returns the table so declarations chain.</summary>
    /// <param name="name">The topic or operation name on the wire.</param>
    /// <param name="keyed">Whether the method has a <see cref="TopicKeyAttribute"/> parameter.</param>
    /// <param name="handler">The generated method that runs it.</param>
    public MessageTable<TService> Add(string name, bool keyed, MessageHandler<TService> handler)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        if (bytes.Length == 0) throw new ArgumentException("A topic or operation name cannot be empty.", nameof(name));
        if (Find(bytes) >= 0) throw new ArgumentException($"'{name}' is declared twice.", nameof(name));
        _entries.Add(new Entry(name, bytes, keyed));
        _handlers.Add(handler ?? throw new ArgumentNullException(nameof(handler)));
        return this;
    }

    internal MessageHandler<TService> Handler(int index) => _handlers[index];
}
