using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ZeroContracts.Generator.Diagnostics.Analyzers;

/// <summary>
/// Walks a parameter or result type the way System.Text.Json does with the runtime's settings (public properties,
/// fields only with [JsonInclude], collections by element, dictionaries by key and value) and collects what it cannot
/// serialize or create. The first problem of each rule wins, so one site gets at most one diagnostic per rule.
/// </summary>
internal sealed class SerializationWalker
{
    /// <summary>Deep enough for real object graphs, shallow enough that a generated or recursive graph stays cheap.</summary>
    private const int MaxDepth = 8;

    private const string JsonNamespace = "System.Text.Json.Serialization";

    private readonly HashSet<ITypeSymbol> _visiting = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<string, SerializationProblem> _problems = new(StringComparer.Ordinal);
    private readonly bool _topLevelIsChecked;

    /// <param name="topLevelIsChecked">True when the generator already reports pointers and ref structs at the top level.</param>
    private SerializationWalker(bool topLevelIsChecked) => _topLevelIsChecked = topLevelIsChecked;

    public static IReadOnlyCollection<SerializationProblem> Walk(ITypeSymbol type, bool topLevelIsChecked)
    {
        var walker = new SerializationWalker(topLevelIsChecked);
        walker.Visit(type, Display(type), 0);
        return walker._problems.Values.OrderBy(static p => p.Descriptor.Id, StringComparer.Ordinal).ToList();
    }

    private void Visit(ITypeSymbol type, string path, int depth)
    {
        if (depth > MaxDepth || type is ITypeParameterSymbol || type.TypeKind == TypeKind.Error) return;

        switch (type)
        {
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                if (depth > 0 || !_topLevelIsChecked) Add(Descriptors.PointerType, type, path, depth, "");
                return;
            case { IsRefLikeType: true }:
                if (depth > 0 || !_topLevelIsChecked) Add(Descriptors.RefStructType, type, path, depth, "");
                return;
            case IDynamicTypeSymbol or { SpecialType: SpecialType.System_Object }:
                Add(Descriptors.UntypedValue, type, path, depth, "");
                return;
            case IArrayTypeSymbol array:
                if (array.Rank > 1)
                {
                    Add(Descriptors.UnsupportedFrameworkType, type, path, depth, "");
                    return;
                }

                Visit(array.ElementType, path + "[]", depth + 1);
                return;
            case INamedTypeSymbol named:
                VisitNamed(named, path, depth);
                return;
        }
    }

    private void VisitNamed(INamedTypeSymbol type, string path, int depth)
    {
        if (type.TypeKind == TypeKind.Delegate)
        {
            Add(Descriptors.DelegateType, type, path, depth, "");
            return;
        }

        if (type.TypeKind == TypeKind.Enum || type.SpecialType is not (SpecialType.None or SpecialType.System_Object)
            && type.SpecialType != SpecialType.System_IntPtr && type.SpecialType != SpecialType.System_UIntPtr) return;

        if (type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
        {
            Visit(type.TypeArguments[0], path, depth);
            return;
        }

        if (HasAttribute(type, "JsonConverterAttribute")) return;

        if (IsUnsupportedFrameworkType(type))
        {
            Add(Descriptors.UnsupportedFrameworkType, type, path, depth, "");
            return;
        }

        if (FindDictionary(type) is { } dictionary)
        {
            if (!IsSupportedKey(dictionary.Key)) Add(Descriptors.UnsupportedFrameworkType, dictionary.Key, path + ".Keys", depth + 1, "");
            Visit(dictionary.Value, path + "[]", depth + 1);
            return;
        }

        if (FindElementType(type) is { } element)
        {
            Visit(element, path + "[]", depth + 1);
            return;
        }

        if (IsFrameworkType(type)) return;
        if (!_visiting.Add(type)) return;
        try
        {
            VisitUserType(type, path, depth);
        }
        finally
        {
            _visiting.Remove(type);
        }
    }

    private void VisitUserType(INamedTypeSymbol type, string path, int depth)
    {
        if (type.TypeKind == TypeKind.Interface || type.IsAbstract)
        {
            var derived = DerivedTypes(type);
            if (derived.Count == 0 && !HasAttribute(type, "JsonPolymorphicAttribute"))
            {
                Add(Descriptors.AbstractWithoutPolymorphism, type, path, depth, type.TypeKind == TypeKind.Interface ? "interface" : "abstract class");
                return;
            }

            foreach (var derivedType in derived) Visit(derivedType, path, depth + 1);
            return;
        }

        if (type.TypeKind == TypeKind.Class && ConstructorProblem(type) is { } problem)
        {
            Add(Descriptors.NoUsableConstructor, type, path, depth, problem);
        }

        foreach (var (name, memberType) in SerializedMembers(type))
        {
            Visit(memberType, path + "." + name, depth + 1);
        }
    }

    /// <summary>What System.Text.Json reads and writes: public instance properties, and fields marked [JsonInclude].</summary>
    private static IEnumerable<(string Name, ITypeSymbol Type)> SerializedMembers(INamedTypeSymbol type)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var current = type; current is not null && !IsFrameworkType(current); current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member.IsStatic || member.IsImplicitlyDeclared || !seen.Add(member.Name)) continue;
                if (HasAttribute(member, "JsonIgnoreAttribute") || HasAttribute(member, "JsonConverterAttribute")) continue;

                switch (member)
                {
                    case IPropertySymbol { IsIndexer: false, GetMethod: not null } property
                        when property.DeclaredAccessibility == Accessibility.Public || HasAttribute(property, "JsonIncludeAttribute"):
                        yield return (property.Name, property.Type);
                        break;
                    case IFieldSymbol field when HasAttribute(field, "JsonIncludeAttribute"):
                        yield return (field.Name, field.Type);
                        break;
                }
            }
        }
    }

    /// <summary>Null when System.Text.Json can pick a constructor: [JsonConstructor], a public parameterless one, or a single public one.</summary>
    private static string? ConstructorProblem(INamedTypeSymbol type)
    {
        var constructors = type.InstanceConstructors;
        if (constructors.Any(static c => HasAttribute(c, "JsonConstructorAttribute"))) return null;

        var visible = constructors.Where(static c => c.DeclaredAccessibility == Accessibility.Public).ToList();
        if (visible.Count == 0) return "no public constructor";
        if (visible.Count == 1 || visible.Any(static c => c.Parameters.Length == 0)) return null;
        return "several public constructors, none of them parameterless or marked [JsonConstructor]";
    }

    private static List<ITypeSymbol> DerivedTypes(INamedTypeSymbol type) =>
        type.GetAttributes()
            .Where(static a => IsJsonAttribute(a.AttributeClass, "JsonDerivedTypeAttribute"))
            .Select(static a => a.ConstructorArguments.Length > 0 ? a.ConstructorArguments[0].Value as ITypeSymbol : null)
            .OfType<ITypeSymbol>()
            .ToList();

    private static (ITypeSymbol Key, ITypeSymbol Value)? FindDictionary(INamedTypeSymbol type)
    {
        foreach (var candidate in SelfAndInterfaces(type))
        {
            if (candidate is { Arity: 2, Name: "IDictionary" or "IReadOnlyDictionary" }
                && candidate.ContainingNamespace.ToDisplayString() == "System.Collections.Generic")
            {
                return (candidate.TypeArguments[0], candidate.TypeArguments[1]);
            }
        }

        return null;
    }

    private static ITypeSymbol? FindElementType(INamedTypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_String) return null;
        foreach (var candidate in SelfAndInterfaces(type))
        {
            if (candidate.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T) return candidate.TypeArguments[0];
            if (candidate is { Name: "IAsyncEnumerable", Arity: 1 } && candidate.ContainingNamespace.ToDisplayString() == "System.Collections.Generic")
            {
                return candidate.TypeArguments[0];
            }
        }

        return null;
    }

    private static IEnumerable<INamedTypeSymbol> SelfAndInterfaces(INamedTypeSymbol type) => new[] { type }.Concat(type.AllInterfaces);

    /// <summary>Keys System.Text.Json writes as property names.</summary>
    private static bool IsSupportedKey(ITypeSymbol key) =>
        key.TypeKind == TypeKind.Enum
        || key.SpecialType is >= SpecialType.System_Boolean and <= SpecialType.System_String or SpecialType.System_DateTime or SpecialType.System_Object
        || key is INamedTypeSymbol { ContainingNamespace: { } ns } named && ns.ToDisplayString() == "System"
            && named.Name is "Guid" or "DateTimeOffset" or "DateOnly" or "TimeOnly" or "TimeSpan" or "Version" or "Uri" or "Half" or "Int128" or "UInt128";

    /// <summary>The types System.Text.Json refuses outright (its UnsupportedTypeConverter).</summary>
    private static bool IsUnsupportedFrameworkType(INamedTypeSymbol type)
    {
        if (type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr) return true;
        for (var current = type; current is not null; current = current.BaseType)
        {
            var name = current.ToDisplayString();
            if (name is "System.Type" or "System.Reflection.MemberInfo" or "System.Runtime.Serialization.SerializationInfo") return true;
        }

        return false;
    }

    /// <summary>Types from the framework are System.Text.Json's business: it has converters for them, so their members are not walked.</summary>
    private static bool IsFrameworkType(INamedTypeSymbol type)
    {
        var ns = type.ContainingNamespace;
        while (ns is { ContainingNamespace.IsGlobalNamespace: false }) ns = ns.ContainingNamespace;
        return ns is { Name: "System" or "Microsoft" };
    }

    private static bool HasAttribute(ISymbol symbol, string name) =>
        symbol.GetAttributes().Any(a => IsJsonAttribute(a.AttributeClass, name));

    private static bool IsJsonAttribute(INamedTypeSymbol? attribute, string name) =>
        attribute is not null && attribute.Name == name && attribute.ContainingNamespace.ToDisplayString() == JsonNamespace;

    private void Add(DiagnosticDescriptor descriptor, ITypeSymbol type, string path, int depth, string detail)
    {
        if (_problems.ContainsKey(descriptor.Id)) return;
        _problems.Add(descriptor.Id, new SerializationProblem(descriptor, TypeName(type), depth == 0 ? "" : path, detail));
    }

    /// <summary>The type as written in C#: <c>int[,]</c> rather than Roslyn's <c>int[*,*]</c>, without a nullable annotation.</summary>
    private static string TypeName(ITypeSymbol type)
    {
        type = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
        return type is IArrayTypeSymbol { Rank: > 1 } array
            ? TypeName(array.ElementType) + "[" + new string(',', array.Rank - 1) + "]"
            : type.ToDisplayString();
    }

    private static string Display(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
}
