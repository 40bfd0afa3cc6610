using System.Collections.Generic;

namespace ZeroContracts.PubSub;

/// <summary>
/// Remembers the last sequence number seen from each publisher on each topic and key, and says how many were
/// skipped. The first message from a publisher is never a gap: what it sent before was sent before we subscribed.
/// Poller thread only.
/// </summary>
internal sealed class GapTracker
{
    /// <summary>Bounds memory when keys are unbounded (one entry per publisher, topic and key).</summary>
    private const int MaxTracked = 100_000;

    private readonly Dictionary<(ulong Publisher, int Topic, string? Key), ulong> _last = new();

    /// <summary>How many messages were missed before <paramref name="sequence"/>; zero for the next one, a first one or a repeat.</summary>
    public long Observe(ulong publisher, int topic, string? key, ulong sequence)
    {
        var id = (publisher, topic, key);
        if (!_last.TryGetValue(id, out var last))
        {
            if (_last.Count >= MaxTracked) _last.Clear();
            _last[id] = sequence;
            return 0;
        }

        if (sequence <= last) return 0;
        _last[id] = sequence;
        return (long)(sequence - last - 1);
    }
}
