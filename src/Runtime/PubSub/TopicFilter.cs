using System;
using System.ComponentModel;
using ZeroContracts.Messaging;

namespace ZeroContracts;

/// <summary>
/// One topic a subscriber receives, optionally only for one key. Generated subscribers create them with typed
/// methods, e.g. <c>TemperatureFeedSubscriber.Topics.Reading("Beijing")</c>.
/// </summary>
public readonly struct TopicFilter : IEquatable<TopicFilter>
{
    private TopicFilter(MessageTable table, int index, string? key)
    {
        Table = table;
        Index = index;
        Key = key;
    }

    /// <summary>The topic's name.</summary>
    public string Topic => Table is null ? "" : Table[Index].Name;

    /// <summary>The key the topic is restricted to, or <see langword="null"/> for every key.</summary>
    public string? Key { get; }

    internal MessageTable? Table { get; }

    internal int Index { get; }

    /// <summary>The prefix the subscriber subscribes to: the topic, or the topic, '/' and the key.</summary>
    internal string Prefix => Table is null ? "" : Key is not null ? Topic + "/" + Key : Table[Index].Keyed ? Topic + "/" : Topic;

    /// <summary>Every message of topic <paramref name="index"/> of <paramref name="table"/>.</summary>
    /// <param name="table">The contract's table.</param>
    /// <param name="index">The topic's index in it.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static TopicFilter For(MessageTable table, int index)
    {
        if (table is null) throw new ArgumentNullException(nameof(table));
        if ((uint)index >= (uint)table.Count) throw new ArgumentOutOfRangeException(nameof(index));
        return new TopicFilter(table, index, null);
    }

    /// <summary>The messages of topic <paramref name="index"/> of <paramref name="table"/> whose key is <paramref name="key"/>.</summary>
    /// <param name="table">The contract's table.</param>
    /// <param name="index">The topic's index in it.</param>
    /// <param name="key">The key.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static TopicFilter For<TKey>(MessageTable table, int index, TKey key)
    {
        var topic = For(table, index);
        if (!table[index].Keyed) throw new ArgumentException($"Topic '{topic.Topic}' has no key.", nameof(key));
        return new TopicFilter(table, index, TopicKeys.Format(key));
    }

    /// <summary>True when the message of entry <paramref name="index"/> with <paramref name="key"/> passes this filter.</summary>
    internal bool Matches(int index, string? key) => index == Index && (Key is null || Key == key);

    /// <inheritdoc/>
    public bool Equals(TopicFilter other) => ReferenceEquals(Table, other.Table) && Index == other.Index && Key == other.Key;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is TopicFilter other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Table, Index, Key);

    /// <summary>The topic, or the topic and key as they appear on the wire (<c>temp/Beijing</c>).</summary>
    public override string ToString() => Key is null ? Topic : Topic + "/" + Key;

    /// <summary>Compares two filters.</summary>
    public static bool operator ==(TopicFilter left, TopicFilter right) => left.Equals(right);

    /// <summary>Compares two filters.</summary>
    public static bool operator !=(TopicFilter left, TopicFilter right) => !left.Equals(right);
}
