using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text;

namespace ZeroContracts.Rpc;

/// <summary>
/// The operations of one contract, by wire name, as a generated server declares them once per contract type.
/// </summary>
/// <typeparam name="TService">The contract interface.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class OperationTable<TService>
{
    private readonly List<Entry> _entries = new();

    /// <summary>Starts an empty table.</summary>
    /// <param name="contractName">The contract's full name, for error messages.</param>
    /// <param name="framing">The contract's framing.</param>
    public OperationTable(string contractName, Framing framing)
    {
        ContractName = contractName;
        Framing = framing;
    }

    /// <summary>The contract's full name.</summary>
    public string ContractName { get; }

    /// <summary>The contract's framing.</summary>
    public Framing Framing { get; }

    internal int Count => _entries.Count;

    /// <summary>Adds an operation; returns the table so declarations chain.</summary>
    /// <param name="name">The operation's wire name.</param>
    /// <param name="handler">The generated method that runs it.</param>
    public OperationTable<TService> Add(string name, OperationHandler<TService> handler)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        if (!Wire.Header.IsValidName(bytes)) throw new ArgumentException($"'{name}' is not a valid operation name.", nameof(name));
        if (Find(bytes) is not null) throw new ArgumentException($"Operation '{name}' is declared twice.", nameof(name));
        _entries.Add(new Entry(name, bytes, handler));
        return this;
    }

    /// <summary>The entry whose UTF-8 name is <paramref name="name"/>, without allocating a string.</summary>
    internal Entry? Find(ReadOnlySpan<byte> name)
    {
        // Contracts have a handful of operations: a linear scan of short byte strings beats hashing them.
        foreach (var entry in _entries)
        {
            if (name.SequenceEqual(entry.Utf8Name)) return entry;
        }

        return null;
    }

    /// <summary>The only operation of a Bare contract.</summary>
    internal Entry Single => _entries.Count == 1 ? _entries[0] : throw new InvalidOperationException($"A Bare contract has exactly one operation; {ContractName} has {_entries.Count}.");

    internal sealed record Entry(string Name, byte[] Utf8Name, OperationHandler<TService> Handler);
}
