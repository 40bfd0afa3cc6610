using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace ZeroContracts.Generator.Diagnostics.Analyzers;

/// <summary>
/// The pattern attributes that make an interface a contract, matched by metadata name so the analyzers work whether
/// or not a given attribute exists in the referenced runtime.
/// </summary>
internal static class ContractAttributes
{
    public const string ReqRep = "ZeroContracts.ReqRepAttribute";

    public static readonly ImmutableArray<string> All = ImmutableArray.Create(ReqRep, "ZeroContracts.PubSubAttribute", "ZeroContracts.PipelineAttribute");

    /// <summary>The pattern attributes on <paramref name="type"/>, in source order.</summary>
    public static ImmutableArray<AttributeData> Of(INamedTypeSymbol type)
    {
        var builder = ImmutableArray.CreateBuilder<AttributeData>();
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass is { } @class && All.Contains(MetadataName(@class))) builder.Add(attribute);
        }

        return builder.ToImmutable();
    }

    /// <summary><c>ZeroContracts.ReqRepAttribute</c> for the attribute class; nested types are not pattern attributes.</summary>
    public static string MetadataName(INamedTypeSymbol type) =>
        type.ContainingType is null && type.ContainingNamespace is { IsGlobalNamespace: false } ns
            ? ns.ToDisplayString() + "." + type.MetadataName
            : type.MetadataName;

    /// <summary><c>ReqRep</c> for <c>ZeroContracts.ReqRepAttribute</c>: the name as written in source.</summary>
    public static string ShortName(AttributeData attribute)
    {
        var name = attribute.AttributeClass?.Name ?? "";
        return name.EndsWith("Attribute", System.StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
    }
}
