using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ZeroContracts.Generator.Diagnostics;
using ZeroContracts.Generator.Diagnostics.Analyzers;
using ZeroContracts.Generator.Model;

namespace ZeroContracts.Generator.Parsing;

/// <summary>What every contract parser (ReqRep, PubSub, Pipeline) reads off symbols the same way.</summary>
internal static class ContractSymbols
{
    private const string FramingPropertyName = "Framing";

    /// <summary>The pattern attribute's <c>Framing</c> argument; Typed when absent.</summary>
    public static ContractFraming ReadFraming(ImmutableArray<AttributeData> attributes)
    {
        foreach (var attribute in attributes)
        {
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key == FramingPropertyName && argument.Value.Value is int value) return (ContractFraming)value;
            }
        }

        return ContractFraming.Typed;
    }

    /// <summary>
    /// Whether <paramref name="attributeName"/> is the contract's first pattern attribute. An interface with two (ZC1010,
    /// reported by the ContractAnalyzer on the second) is a contract of the first only: the second pattern generates
    /// nothing and reports nothing, so its rules do not pile errors onto methods written for the first.
    /// </summary>
    public static bool IsFirstPattern(INamedTypeSymbol contract, string attributeName) =>
        ContractAttributes.Of(contract).FirstOrDefault()?.AttributeClass is { } first && ContractAttributes.MetadataName(first) == attributeName;

    /// <summary>
    /// Checks that generated types can implement and name the contract (ZC1007): not generic, not file-local, no static
    /// abstract member, not nested in a generic type, not hidden by private or protected accessibility. Returns whether
    /// the contract is public.
    /// </summary>
    public static bool CheckContractType(INamedTypeSymbol contract, Location contractLocation, Action<DiagnosticDescriptor, Location?, string[]> report)
    {
        var name = Describe(contract);
        if (contract.TypeParameters.Length > 0) report(Descriptors.UnsupportedContractType, contractLocation, new[] { name, "is generic" });
        if (contract.IsFileLocal) report(Descriptors.UnsupportedContractType, contractLocation, new[] { name, "is file-local, so generated code cannot see it" });
        if (contract.GetMembers().Concat(contract.AllInterfaces.SelectMany(static i => i.GetMembers())).FirstOrDefault(static m => m.IsStatic && m.IsAbstract) is { } staticAbstract)
        {
            report(Descriptors.UnsupportedContractType, contractLocation, new[] { name, $"has static abstract member '{Describe(staticAbstract)}', so generated code cannot use it as a type argument (CS8920)" });
        }

        var isPublic = true;
        for (INamedTypeSymbol? type = contract; type is not null; type = type.ContainingType)
        {
            if (!ReferenceEquals(type, contract) && type.TypeParameters.Length > 0)
            {
                report(Descriptors.UnsupportedContractType, contractLocation, new[] { name, $"is nested in generic type '{type.Name}'" });
            }

            switch (type.DeclaredAccessibility)
            {
                case Accessibility.Public:
                    break;
                case Accessibility.Internal or Accessibility.ProtectedOrInternal:
                    isPublic = false;
                    break;
                default:
                    report(Descriptors.UnsupportedContractType, contractLocation, new[]
                    {
                        name,
                        ReferenceEquals(type, contract)
                            ? "is private or protected, so generated code cannot see it"
                            : $"is nested in '{type.Name}', which is private or protected, so generated code cannot see it",
                    });
                    return false;
            }
        }

        return isPublic;
    }

    /// <summary>
    /// ZC2003 for a pointer, ZC2004 for a ref struct: generated code passes parameters as type arguments, which these
    /// cannot be. Null for any other type.
    /// </summary>
    public static DiagnosticDescriptor? UnusableParameterType(IParameterSymbol parameter) =>
        parameter.Type.IsRefLikeType ? Descriptors.RefStructType
        : parameter.Type is IPointerTypeSymbol or IFunctionPointerTypeSymbol ? Descriptors.PointerType
        : null;

    public static bool IsCancellationToken(ITypeSymbol type) =>
        type is INamedTypeSymbol { Name: "CancellationToken", Arity: 0 } named
        && named.ContainingNamespace.ToDisplayString() == "System.Threading";

    /// <summary>What Bare framing carries: <see cref="string"/> or <see cref="byte"/>[].</summary>
    public static bool IsBareValue(ITypeSymbol type) =>
        type.SpecialType == SpecialType.System_String
        || type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte };

    public static string Modifier(IParameterSymbol parameter) => parameter.IsParams
        ? "params"
        : parameter.RefKind switch
        {
            RefKind.Ref => "ref",
            RefKind.Out => "out",
            RefKind.In => "in",
            _ => "ref readonly",
        };

    /// <summary>"IWeather" for a type, "IWeather.GetForecastAsync" for a member: how messages name them.</summary>
    public static string Describe(ISymbol symbol) =>
        symbol is INamedTypeSymbol ? symbol.Name : symbol.ContainingType.Name + "." + symbol.Name;

    public static Location? Locate(IParameterSymbol parameter, CancellationToken cancellationToken) =>
        parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken).GetLocation()
        ?? parameter.Locations.FirstOrDefault();

    public static Location? ReturnTypeLocation(IMethodSymbol method, CancellationToken cancellationToken) =>
        method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is MethodDeclarationSyntax syntax
            ? syntax.ReturnType.GetLocation()
            : method.Locations.FirstOrDefault();

    public static Location? AttributeArgumentLocation(AttributeData attribute, CancellationToken cancellationToken) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax syntax
            ? syntax.ArgumentList?.Arguments.FirstOrDefault()?.GetLocation() ?? syntax.GetLocation()
            : null;
}
