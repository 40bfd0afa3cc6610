using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

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
