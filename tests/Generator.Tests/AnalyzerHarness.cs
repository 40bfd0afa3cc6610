using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Shouldly;

namespace ZeroContracts.Generator.Tests;

/// <summary>Runs one analyzer over source text (with the runtime, NetMQ and the framework referenced) and checks its diagnostics against markup.</summary>
internal static class AnalyzerHarness
{
    public static ImmutableArray<Diagnostic> Run(DiagnosticAnalyzer analyzer, string source)
    {
        var compilation = GeneratorHarness.CreateCompilation(new[] { source });
        compilation.GetDiagnostics().Where(static d => d.Severity == DiagnosticSeverity.Error).Select(static d => d.ToString()).ShouldBeEmpty();
        var failures = new List<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, _, _) => failures.Add(exception.ToString()),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        var diagnostics = compilation.WithAnalyzers(ImmutableArray.Create(analyzer), options).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        failures.ShouldBeEmpty();
        return diagnostics;
    }

    /// <summary>
    /// The analyzer reports exactly the diagnostics marked <c>{|ZC3001:span|}</c>, and each one's message is the
    /// corresponding entry of <paramref name="messages"/> (in source order).
    /// </summary>
    public static void Verify(DiagnosticAnalyzer analyzer, string markup, params string[] messages)
    {
        var (source, expected) = Markup.Parse(markup);
        var diagnostics = Run(analyzer, source).OrderBy(static d => d.Location.SourceSpan.Start).ThenBy(static d => d.Id).ToList();
        var dump = string.Join("\n", diagnostics);

        diagnostics.Select(static d => (d.Id, d.Location.SourceSpan)).ToList()
            .ShouldBe(expected.OrderBy(static e => e.Span.Start).ThenBy(static e => e.Id).ToList(), dump);
        if (messages.Length > 0) diagnostics.Select(static d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToList().ShouldBe(messages, ignoreOrder: false, customMessage: dump);
    }

    public static IReadOnlyList<string> Ids(DiagnosticAnalyzer analyzer, string source) => Run(analyzer, source).Select(static d => d.Id).ToList();
}
