using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ZeroContracts.Generator.Parsing;

/// <summary>
/// Names the generated code declares, and what already holds them: a type of the same name (ZC1011) or a member
/// the generated client declares or inherits (ZC1012). Either would be a CS error in generated code, so the contract
/// generates nothing and the clash is reported once, where the user can fix it.
/// </summary>
internal static class GeneratedNames
{
    private static readonly string[] PatternAttributeNames =
    {
        "ZeroContracts.ReqRepAttribute",
        "ZeroContracts.PubSubAttribute",
        "ZeroContracts.PipelineAttribute",
    };

    /// <summary>Each generated type name (base name + suffix) that is already taken, and by what.</summary>
    public static IEnumerable<(string Name, string Holder)> TakenTypeNames(INamedTypeSymbol contract, string baseName, IEnumerable<string> suffixes)
    {
        var names = suffixes.Select(suffix => baseName + suffix).ToList();

        // Two contracts that would generate the same types: one diagnostic on each, naming the first type.
        if (OtherContract(contract, baseName) is { } other)
        {
            yield return (names[0], other);
            yield break;
        }

        foreach (var name in names)
        {
            var holder = contract.ContainingNamespace.GetTypeMembers(name, 0)
                .Select(existing => Describe(existing, contract))
                .FirstOrDefault(static d => d is not null);
            if (holder is not null) yield return (name, holder);
        }
    }

    /// <summary>The member of the generated client that <paramref name="method"/> would clash with, or null.</summary>
    public static string? ClientMemberClash(IMethodSymbol method, string clientName)
    {
        var parameters = method.Parameters;
        bool Are(params SpecialType[] types) =>
            parameters.Length == types.Length && parameters.Select(static p => p.Type.SpecialType).SequenceEqual(types);

        return method.Name switch
        {
            "Endpoint" => "Endpoint",
            "_rpc" => "_rpc",
            "Dispose" or "DisposeAsync" when parameters.Length == 0 => method.Name + "()",
            "ToString" or "GetHashCode" or "GetType" or "MemberwiseClone" or "Finalize" when parameters.Length == 0 => "object." + method.Name + "()",
            "Equals" when Are(SpecialType.System_Object) => "object.Equals(object)",
            "Equals" or "ReferenceEquals" when Are(SpecialType.System_Object, SpecialType.System_Object) => "object." + method.Name + "(object, object)",
            _ when method.Name == clientName => clientName + " (its own name)",
            _ => null,
        };
    }

    private static string? Describe(INamedTypeSymbol existing, INamedTypeSymbol contract)
    {
        if (!SymbolEqualityComparer.Default.Equals(existing.ContainingAssembly, contract.ContainingAssembly))
        {
            return existing.DeclaredAccessibility == Accessibility.Public || existing.ContainingAssembly.GivesAccessTo(contract.ContainingAssembly)
                ? $"a type in assembly '{existing.ContainingAssembly.Name}'"
                : null;
        }

        if (existing.TypeKind != TypeKind.Class) return existing.TypeKind switch
        {
            TypeKind.Struct => existing.IsRecord ? "a record struct" : "a struct",
            TypeKind.Interface => "an interface",
            TypeKind.Enum => "an enum",
            TypeKind.Delegate => "a delegate",
            _ => "another kind of type",
        };
        if (existing.IsRecord) return "a record";
        if (existing.IsStatic) return "a static class";
        if (existing.IsAbstract) return "an abstract class";

        var notPartial = existing.DeclaringSyntaxReferences
            .Select(static r => r.GetSyntax())
            .Any(static s => s is not ClassDeclarationSyntax c || !c.Modifiers.Any(SyntaxKind.PartialKeyword));
        return notPartial ? "a class that is not partial" : null;
    }

    /// <summary>
    /// Another contract of the same pattern in the same namespace (perhaps nested in another type) with the same base
    /// name. Patterns generate different suffixes (Client/Server, Publisher/Subscriber, Pusher/Puller), so contracts of
    /// different patterns never clash.
    /// </summary>
    private static string? OtherContract(INamedTypeSymbol contract, string baseName)
    {
        var pattern = PatternOf(contract);
        if (pattern is null) return null;

        foreach (var type in AllTypes(contract.ContainingNamespace.GetTypeMembers()))
        {
            if (SymbolEqualityComparer.Default.Equals(type, contract) || type.TypeKind != TypeKind.Interface) continue;
            if (!type.Locations.Any(static l => l.IsInSource)) continue;
            if (BaseName(type.Name) != baseName) continue;
            if (PatternOf(type) == pattern) return $"the generated code of contract '{type.ToDisplayString()}'";
        }

        return null;
    }

    private static string? PatternOf(INamedTypeSymbol type) => type.GetAttributes()
        .Select(static a => a.AttributeClass?.ToDisplayString())
        .FirstOrDefault(static name => name is not null && PatternAttributeNames.Contains(name));

    /// <summary>IWeather → Weather; a name without the I-prefix convention stays as it is.</summary>
    public static string BaseName(string interfaceName) =>
        interfaceName.Length > 1 && interfaceName[0] == 'I' && char.IsUpper(interfaceName[1]) ? interfaceName.Substring(1) : interfaceName;

    private static IEnumerable<INamedTypeSymbol> AllTypes(IEnumerable<INamedTypeSymbol> types)
    {
        foreach (var type in types)
        {
            yield return type;
            foreach (var nested in AllTypes(type.GetTypeMembers())) yield return nested;
        }
    }
}
