using Microsoft.CodeAnalysis;

namespace ZeroContracts.Generator.Parsing;

internal static class TypeFormats
{
    /// <summary><c>global::</c>-qualified, keywords for special types (<c>string</c>, <c>int</c>), nullable annotations kept.</summary>
    public static readonly SymbolDisplayFormat FullyQualified = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>A namespace as written in a namespace declaration: no <c>global::</c>, keywords escaped.</summary>
    public static readonly SymbolDisplayFormat Namespace = SymbolDisplayFormat.FullyQualifiedFormat
        .WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted);

    /// <summary>A full name for people and hint names: <c>Acme.Weather.IWeather</c>.</summary>
    public static readonly SymbolDisplayFormat FullName = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces);
}
