using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ZeroContracts.Generator.Diagnostics.Analyzers;

/// <summary>
/// Contract checks that do not stop generation: one pattern attribute per interface (ZC1010) and types that
/// System.Text.Json cannot send or receive (ZC2xxx), on every [ReqRep], [PubSub] and [Pipeline] interface.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ContractAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.SeveralPatterns,
        Descriptors.AbstractWithoutPolymorphism,
        Descriptors.DelegateType,
        Descriptors.PointerType,
        Descriptors.RefStructType,
        Descriptors.UntypedValue,
        Descriptors.NoUsableConstructor,
        Descriptors.UnsupportedFrameworkType);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            // A base interface shared by two contracts is walked twice; its diagnostics are reported once.
            var reported = new ConcurrentDictionary<(string Id, Location Location), byte>();
            start.RegisterSymbolAction(symbol => AnalyzeContract(symbol, reported), SymbolKind.NamedType);
        });
    }

    private static void AnalyzeContract(SymbolAnalysisContext context, ConcurrentDictionary<(string Id, Location Location), byte> reported)
    {
        var contract = (INamedTypeSymbol)context.Symbol;
        if (contract.TypeKind != TypeKind.Interface) return;

        var patterns = ContractAttributes.Of(contract);
        if (patterns.IsEmpty) return;

        var contractLocation = contract.Locations.FirstOrDefault(static l => l.IsInSource) ?? Location.None;
        foreach (var extra in patterns.Skip(1))
        {
            var location = extra.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? contractLocation;
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.SeveralPatterns, location,
                contract.Name, ContractAttributes.ShortName(patterns[0]), ContractAttributes.ShortName(extra)));
        }

        var methods = contract.GetMembers().Concat(contract.AllInterfaces.SelectMany(static i => i.GetMembers()))
            .OfType<IMethodSymbol>()
            .Where(static m => m is { MethodKind: MethodKind.Ordinary, IsStatic: false, IsAbstract: true });
        foreach (var method in methods)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            AnalyzeMethod(context, reported, method, contractLocation);
        }
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context, ConcurrentDictionary<(string Id, Location Location), byte> reported, IMethodSymbol method, Location contractLocation)
    {
        var name = method.ContainingType.Name + "." + method.Name;
        foreach (var parameter in method.Parameters)
        {
            if (IsCancellationToken(parameter.Type)) continue;
            var location = Locate(parameter, context.CancellationToken) ?? contractLocation;
            // The generator already reports a pointer or ref struct parameter (ZC2003, ZC2004) of every pattern: only nested ones here.
            Report(context, reported, SerializationWalker.Walk(parameter.Type, topLevelIsChecked: true), location, $"Parameter '{parameter.Name}' of '{name}'");
        }

        if (ResultType(method.ReturnType) is { } result)
        {
            var location = method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(context.CancellationToken) is MethodDeclarationSyntax syntax
                ? syntax.ReturnType.GetLocation()
                : method.Locations.FirstOrDefault(static l => l.IsInSource) ?? contractLocation;
            Report(context, reported, SerializationWalker.Walk(result, topLevelIsChecked: false), location, $"The result of '{name}'");
        }
    }

    private static void Report(
        SymbolAnalysisContext context,
        ConcurrentDictionary<(string Id, Location Location), byte> reported,
        IEnumerable<SerializationProblem> problems,
        Location location,
        string site)
    {
        foreach (var problem in problems)
        {
            if (!reported.TryAdd((problem.Descriptor.Id, location), 0)) continue;
            var through = problem.Path.Length == 0 ? "" : $" (through '{problem.Path}')";
            var args = problem.Descriptor.Id is "ZC2001" or "ZC2006"
                ? new object[] { site, problem.TypeName, through, problem.Detail }
                : new object[] { site, problem.TypeName, through };
            context.ReportDiagnostic(Diagnostic.Create(problem.Descriptor, location, args));
        }
    }

    /// <summary>T of Task&lt;T&gt;, ValueTask&lt;T&gt; or IAsyncEnumerable&lt;T&gt;; other return types are the generator's to judge.</summary>
    private static ITypeSymbol? ResultType(ITypeSymbol type) =>
        type is INamedTypeSymbol { Arity: 1 } named
        && (named.Name is "Task" or "ValueTask" && named.ContainingNamespace.ToDisplayString() == "System.Threading.Tasks"
            || named.Name == "IAsyncEnumerable" && named.ContainingNamespace.ToDisplayString() == "System.Collections.Generic")
            ? named.TypeArguments[0]
            : null;

    private static bool IsCancellationToken(ITypeSymbol type) =>
        type is INamedTypeSymbol { Name: "CancellationToken", Arity: 0 } named && named.ContainingNamespace.ToDisplayString() == "System.Threading";

    private static Location? Locate(IParameterSymbol parameter, CancellationToken cancellationToken) =>
        parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken).GetLocation()
        ?? parameter.Locations.FirstOrDefault(static l => l.IsInSource);
}
