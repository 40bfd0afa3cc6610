using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ZeroContracts.Generator.Diagnostics.Analyzers;

/// <summary>The state of every tracked socket at one point; a socket that is not in the map is in an unknown state.</summary>
internal sealed class FlowState
{
    public static readonly FlowState Entry = new(ImmutableDictionary.Create<ISymbol, SocketState>(SymbolEqualityComparer.Default));

    public FlowState(ImmutableDictionary<ISymbol, SocketState> sockets) => Sockets = sockets;

    public ImmutableDictionary<ISymbol, SocketState> Sockets { get; }

    public SocketState this[ISymbol socket] => Sockets.TryGetValue(socket, out var state) ? state : SocketState.UnknownState;

    public FlowState With(ISymbol socket, SocketState state) =>
        new(state.Bits == SocketState.Unknown && state.Open.IsEmpty ? Sockets.Remove(socket) : Sockets.SetItem(socket, state));

    /// <summary>Paths meet: every socket may be in any state it had on either path (missing means unknown on that path).</summary>
    public static FlowState? Join(FlowState? a, FlowState? b)
    {
        if (a is null) return b;
        if (b is null) return a;
        var result = a;
        foreach (var key in a.Sockets.Keys.Concat(b.Sockets.Keys).Distinct(SymbolEqualityComparer.Default))
        {
            result = result.With(key, a[key].Join(b[key]));
        }

        return result;
    }

    public bool SameAs(FlowState? other) =>
        other is not null && other.Sockets.Count == Sockets.Count && Sockets.All(p => other.Sockets.TryGetValue(p.Key, out var s) && s.Equals(p.Value));
}
