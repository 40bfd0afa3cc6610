using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using ZeroContracts.Generator.Diagnostics;
using static ZeroContracts.Generator.Parsing.ContractSymbols;

namespace ZeroContracts.Generator.Parsing;

/// <summary>
/// Reads a contract's members the same way for every pattern: its own in declaration order, then those of every
/// interface it extends. Each method a pattern's parser accepts, with a wire name no earlier method has, is valid;
/// every member with an error reported while it was read (properties, events and indexers are always ZC1005) is
/// invalid, with the ids of those errors, so that the generated sender can implement it by throwing.
/// </summary>
internal sealed class ContractMembers<TModel>
    where TModel : class
{
    public List<(IMethodSymbol Method, TModel Model)> Valid { get; } = new();

    public List<(ISymbol Member, List<string> Ids)> Invalid { get; } = new();

    /// <param name="contract">The contract interface.</param>
    /// <param name="diagnostics">The parser's diagnostics so far, which <paramref name="report"/> adds to.</param>
    /// <param name="parse">The model of a method, or null when it breaks a rule (already reported).</param>
    /// <param name="wireName">The name a model goes by on the wire, which must be unique.</param>
    /// <param name="duplicate">Reports a method whose wire name an earlier one (the third argument) already has.</param>
    /// <param name="report">Reports a diagnostic.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static ContractMembers<TModel> Read(
        INamedTypeSymbol contract,
        IReadOnlyList<DiagnosticInfo> diagnostics,
        Func<IMethodSymbol, TModel?> parse,
        Func<TModel, string> wireName,
        Action<IMethodSymbol, TModel, IMethodSymbol> duplicate,
        Action<DiagnosticDescriptor, Location?, string[]> report,
        CancellationToken cancellationToken)
    {
        var members = new ContractMembers<TModel>();
        var wireNames = new Dictionary<string, IMethodSymbol>(StringComparer.Ordinal);
        foreach (var member in contract.GetMembers().Concat(contract.AllInterfaces.SelectMany(static i => i.GetMembers())))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var before = diagnostics.Count;
            switch (member)
            {
                case IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false, IsAbstract: true } method:
                    if (parse(method) is not { } model) break;
                    if (wireNames.TryGetValue(wireName(model), out var first))
                    {
                        duplicate(method, model, first);
                        break;
                    }

                    wireNames.Add(wireName(model), method);
                    members.Valid.Add((method, model));
                    break;
                case IPropertySymbol { IsStatic: false } property:
                    report(Descriptors.UnsupportedMember, property.Locations.FirstOrDefault(), new[] { Describe(property), property.IsIndexer ? "an indexer" : "a property" });
                    break;
                case IEventSymbol { IsStatic: false } @event:
                    report(Descriptors.UnsupportedMember, @event.Locations.FirstOrDefault(), new[] { Describe(@event), "an event" });
                    break;
            }

            if (diagnostics.Count != before) members.Invalid.Add((member, diagnostics.Skip(before).Select(static d => d.Id).ToList()));
        }

        return members;
    }

    /// <summary>Makes valid methods that a later check reported (Bare framing) invalid: their explicit implementations throw.</summary>
    public void Invalidate(IEnumerable<(IMethodSymbol Method, string Id)> reported)
    {
        foreach (var (method, id) in reported.ToList())
        {
            Valid.RemoveAll(m => SymbolEqualityComparer.Default.Equals(m.Method, method));
            Invalid.Add((method, new List<string> { id }));
        }
    }
}
