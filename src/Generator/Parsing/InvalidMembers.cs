using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using ZeroContracts.Generator.Diagnostics;
using ZeroContracts.Generator.Emit;
using ZeroContracts.Generator.Model;

namespace ZeroContracts.Generator.Parsing;

/// <summary>
/// Reads a contract member that broke a rule into an <see cref="InvalidMemberModel"/>, so the generated types still
/// implement the interface and the user's code that names them keeps compiling: one ZC error, no cascade of CS errors.
/// </summary>
internal static class InvalidMembers
{
    /// <summary>The models of the members that broke a rule, in order, each with the ids of the errors reported on it.</summary>
    public static EquatableArray<InvalidMemberModel> Create(IEnumerable<(ISymbol Member, List<string> Ids)> members) =>
        members.Select(static m => Create(m.Member, m.Ids)).Where(static m => m is not null).Select(static m => m!).ToEquatableArray();

    /// <summary>The member's model, or null when nothing has to implement it (a static or default-implemented member).</summary>
    public static InvalidMemberModel? Create(ISymbol member, IEnumerable<string> diagnosticIds)
    {
        if (!member.IsAbstract || member.IsStatic) return null;

        var ids = diagnosticIds.Distinct().ToList();
        var first = Descriptors.ById(ids[0]);
        var joined = string.Join(", ", ids);
        var message = $"'{ContractSymbols.Describe(member)}' is not generated because the contract breaks {joined}: {first.Title}. Fix the contract ({first.HelpLinkUri}).";
        var declaringType = member.ContainingType.ToDisplayString(TypeFormats.FullyQualified);
        var none = EquatableArray<string>.Empty;

        return member switch
        {
            IMethodSymbol method => new InvalidMemberModel(
                InvalidMemberKind.Method,
                declaringType,
                method.Name,
                RefPrefix(method.RefKind) + method.ReturnType.ToDisplayString(TypeFormats.FullyQualified),
                method.TypeParameters.Select(static t => Identifiers.Escape(t.Name)).ToEquatableArray(),
                method.TypeParameters.Select(t => Constraint(t, method)).Where(static c => c is not null).Select(static c => c!).ToEquatableArray(),
                Parameters(method.Parameters),
                none,
                IsUnsafe(method.ReturnType) || method.Parameters.Any(static p => IsUnsafe(p.Type)),
                joined,
                message),
            IPropertySymbol property => new InvalidMemberModel(
                property.IsIndexer ? InvalidMemberKind.Indexer : InvalidMemberKind.Property,
                declaringType,
                property.Name,
                RefPrefix(property.RefKind) + property.Type.ToDisplayString(TypeFormats.FullyQualified),
                none,
                none,
                Parameters(property.Parameters),
                Accessors(property),
                IsUnsafe(property.Type) || property.Parameters.Any(static p => IsUnsafe(p.Type)),
                joined,
                message),
            IEventSymbol @event => new InvalidMemberModel(
                InvalidMemberKind.Event,
                declaringType,
                @event.Name,
                @event.Type.ToDisplayString(TypeFormats.FullyQualified),
                none,
                none,
                none,
                none,
                IsUnsafe: false,
                joined,
                message),
            _ => null,
        };
    }

    private static EquatableArray<string> Parameters(IEnumerable<IParameterSymbol> parameters) =>
        parameters.Select(static p =>
        {
            var modifier = p.IsParams ? "params " : p.RefKind switch
            {
                RefKind.Ref => "ref ",
                RefKind.Out => "out ",
                RefKind.In => "in ",
                RefKind.None => "",
                _ => "ref readonly ",
            };
            return modifier + p.Type.ToDisplayString(TypeFormats.FullyQualified) + " " + Identifiers.Escape(p.Name);
        }).ToEquatableArray();

    private static EquatableArray<string> Accessors(IPropertySymbol property)
    {
        var accessors = new List<string>();
        if (property.GetMethod is not null) accessors.Add("get");
        if (property.SetMethod is { } setter) accessors.Add(setter.IsInitOnly ? "init" : "set");
        return accessors.ToEquatableArray();
    }

    private static string RefPrefix(RefKind refKind) => refKind switch
    {
        RefKind.Ref => "ref ",
        RefKind.RefReadOnly => "ref readonly ",
        _ => "",
    };

    /// <summary>
    /// An explicit implementation inherits its constraints but may restate class or struct, which decides what <c>T?</c>
    /// means in its signature; an unconstrained <c>T</c> used as <c>T?</c> needs <c>default</c> (else T? means Nullable&lt;T&gt;).
    /// </summary>
    private static string? Constraint(ITypeParameterSymbol type, IMethodSymbol method)
    {
        var name = Identifiers.Escape(type.Name);
        if (type.HasReferenceTypeConstraint) return $"where {name} : class";
        if (type.HasValueTypeConstraint) return $"where {name} : struct";
        var signature = method.Parameters.Select(static p => p.Type).Append(method.ReturnType);
        return signature.Any(t => UsesAnnotated(t, type)) ? $"where {name} : default" : null;
    }

    private static bool UsesAnnotated(ITypeSymbol type, ITypeParameterSymbol parameter) => type switch
    {
        ITypeParameterSymbol used => used.NullableAnnotation == NullableAnnotation.Annotated && SymbolEqualityComparer.Default.Equals(used.OriginalDefinition, parameter),
        IArrayTypeSymbol array => UsesAnnotated(array.ElementType, parameter),
        INamedTypeSymbol named => named.TypeArguments.Any(t => UsesAnnotated(t, parameter)),
        _ => false,
    };

    private static bool IsUnsafe(ITypeSymbol type) => type switch
    {
        IPointerTypeSymbol or IFunctionPointerTypeSymbol => true,
        IArrayTypeSymbol array => IsUnsafe(array.ElementType),
        INamedTypeSymbol named => named.TypeArguments.Any(IsUnsafe),
        _ => false,
    };
}
