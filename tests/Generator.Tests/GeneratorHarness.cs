using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Shouldly;

namespace ZeroContracts.Generator.Tests;

/// <summary>Runs <see cref="ContractsGenerator"/> over source text with the runtime and the framework referenced.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

    public static CSharpParseOptions ParseOptions(LanguageVersion version = LanguageVersion.Latest, DocumentationMode documentation = DocumentationMode.Parse) =>
        new(version, documentation);

    public static CSharpCompilation CreateCompilation(IEnumerable<string> sources, CSharpParseOptions? parseOptions = null)
    {
        parseOptions ??= ParseOptions();
        var trees = sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, parseOptions, path: $"Input{i}.cs"));
        var options = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,
            allowUnsafe: true,
            warningLevel: 9999,
            generalDiagnosticOption: ReportDiagnostic.Default);
        return CSharpCompilation.Create("Contracts", trees, References.Value, options);
    }

    public static GeneratorRun Run(string source, CSharpParseOptions? parseOptions = null) => Run(new[] { source }, parseOptions);

    public static GeneratorRun Run(IEnumerable<string> sources, CSharpParseOptions? parseOptions = null)
    {
        parseOptions ??= ParseOptions();
        var compilation = CreateCompilation(sources, parseOptions);
        var driver = CreateDriver(parseOptions).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new GeneratorRun(driver, driver.GetRunResult(), output, diagnostics);
    }

    /// <summary>
    /// The generator reports exactly the diagnostics marked <c>{|ZC1001:span|}</c>, as errors, each message naming
    /// something in quotes (and equal to <paramref name="messages"/>, in source order, when given). The contract still
    /// generates its two files unless a contract-level error (ZC1007, ZC1011) leaves nothing to generate, and nothing
    /// generated adds a CS error or warning.
    /// </summary>
    public static GeneratorRun VerifyDiagnostics(string markup, params string[] messages)
    {
        var (source, expected) = Markup.Parse(markup);
        var run = Run(source);
        var diagnostics = run.Diagnostics.OrderBy(static d => d.Location.SourceSpan.Start).ToList();
        var dump = string.Join("\n", diagnostics);

        diagnostics.Select(static d => (d.Id, d.Location.SourceSpan)).ToList().ShouldBe(expected.OrderBy(static e => e.Span.Start).ToList(), dump);
        diagnostics.ShouldAllBe(static d => d.Severity == DiagnosticSeverity.Error);
        diagnostics.ShouldAllBe(static d => d.GetMessage(null).Contains('\''));
        if (messages.Length > 0) diagnostics.Select(static d => d.GetMessage(null)).ToList().ShouldBe(messages, ignoreOrder: false, customMessage: dump);

        var generates = !expected.Any(static e => e.Id is "ZC1007" or "ZC1011");
        run.Result.GeneratedTrees.Length.ShouldBe(generates ? 2 : 0, dump);
        run.Output.GetDiagnostics().Where(static d => d.Severity >= DiagnosticSeverity.Warning).Select(static d => d.ToString()).ShouldBeEmpty();
        return run;
    }

    public static GeneratorDriver CreateDriver(CSharpParseOptions parseOptions) =>
        CSharpGeneratorDriver.Create(
            new[] { new ContractsGenerator().AsSourceGenerator() },
            parseOptions: parseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>The framework (this process's trusted platform assemblies), ZeroContracts and NetMQ.</summary>
    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).ToList();
        paths.Add(typeof(ReqRepAttribute).Assembly.Location);
        paths.Add(typeof(NetMQ.NetMQSocket).Assembly.Location);
        return paths
            .Where(static p => p.Length > 0)
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(static g => (MetadataReference)MetadataReference.CreateFromFile(g.First()))
            .ToImmutableArray();
    }
}

/// <summary>The driver after one run, its result, the compilation with generated files added and the generator's diagnostics.</summary>
internal sealed record GeneratorRun(GeneratorDriver Driver, GeneratorDriverRunResult Result, Compilation Output, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>Generated files by hint name, in hint-name order.</summary>
    public IReadOnlyList<(string HintName, string Text)> Sources =>
        Result.Results.SelectMany(static r => r.GeneratedSources)
            .OrderBy(static s => s.HintName, StringComparer.Ordinal)
            .Select(static s => (s.HintName, s.SourceText.ToString()))
            .ToList();
}
