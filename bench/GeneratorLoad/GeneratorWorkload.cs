using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ZeroContracts.Generator;

namespace ZeroContracts.Bench.GeneratorLoad;

/// <summary>
/// A project of <see cref="ContractCount"/> [ReqRep] contracts (one file each, five operations of mixed shapes)
/// run through <see cref="ContractsGenerator"/> with <see cref="CSharpGeneratorDriver"/>, as the compiler would.
/// </summary>
public sealed class GeneratorWorkload
{
    /// <summary>The contracts in the project.</summary>
    public const int ContractCount = 200;

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);
    private readonly CSharpParseOptions _parseOptions = new(LanguageVersion.Latest, DocumentationMode.Parse);
    private readonly CSharpCompilation _compilation;
    private readonly CSharpCompilation _edited;
    private GeneratorDriver? _warmDriver;

    /// <summary>Parses the project; no generator has run yet.</summary>
    public GeneratorWorkload(int contracts = ContractCount)
    {
        var trees = Enumerable.Range(0, contracts).Select(i => CSharpSyntaxTree.ParseText(Contract(i), _parseOptions, path: $"Contract{i}.cs"));
        _compilation = CSharpCompilation.Create(
            "Contracts",
            trees,
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        _edited = _compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Other; public sealed class Unrelated { }", _parseOptions, path: "Unrelated.cs"));
    }

    /// <summary>A first run: every contract parsed and emitted. Returns the number of generated files.</summary>
    public int RunFull()
    {
        _warmDriver = CreateDriver().RunGenerators(_compilation);
        return _warmDriver.GetRunResult().GeneratedTrees.Length;
    }

    /// <summary>Runs once so <see cref="RunIncremental"/> has a driver with cached state.</summary>
    public void PrepareIncremental() => _warmDriver = CreateDriver().RunGenerators(_compilation);

    /// <summary>
    /// A run after an edit that touches no contract, on the driver of a previous run. Returns whether every output
    /// of the generator was cached (the incrementality target).
    /// </summary>
    public bool RunIncremental()
    {
        var driver = _warmDriver ?? throw new InvalidOperationException("Call PrepareIncremental first.");
        var result = driver.RunGenerators(_edited).GetRunResult().Results.Single();
        return result.TrackedOutputSteps.SelectMany(static s => s.Value).SelectMany(static s => s.Outputs)
            .All(static o => o.Reason == IncrementalStepRunReason.Cached);
    }

    private GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            new[] { new ContractsGenerator().AsSourceGenerator() },
            parseOptions: _parseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    private static string Contract(int i)
    {
        var text = new StringBuilder();
        text.Append("using System.Threading;\nusing System.Threading.Tasks;\nusing ZeroContracts;\n\n");
        text.Append("namespace Load.Area").Append(i % 10).Append(";\n\n");
        text.Append("public sealed record Item").Append(i).Append("(string Name, int Count, double[] Values);\n\n");
        text.Append("[ReqRep]\npublic interface IService").Append(i).Append("\n{\n");
        text.Append("    Task<Item").Append(i).Append("> GetAsync(string name, int count, CancellationToken ct = default);\n");
        text.Append("    Task<string[]> ListAsync();\n");
        text.Append("    Task SaveAsync(Item").Append(i).Append(" item);\n");
        text.Append("    ValueTask<long> PingAsync(long value);\n");
        text.Append("    [Operation(\"raw\")] Task<byte[]> RawAsync(byte[] data, CancellationToken ct);\n");
        text.Append("}\n");
        return text.ToString();
    }

    /// <summary>The framework (this process's trusted platform assemblies), ZeroContracts and NetMQ.</summary>
    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).ToList();
        paths.Add(typeof(ReqRepAttribute).Assembly.Location);
        paths.Add(typeof(NetMQ.NetMQSocket).Assembly.Location);
        return paths
            .Where(static p => p.Length > 0 && !Path.GetFileName(p).StartsWith("Microsoft.CodeAnalysis", StringComparison.OrdinalIgnoreCase))
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(static g => (MetadataReference)MetadataReference.CreateFromFile(g.First()))
            .ToImmutableArray();
    }
}
