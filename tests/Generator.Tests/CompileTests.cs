using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Shouldly;
using Xunit;

namespace ZeroContracts.Generator.Tests;

/// <summary>
/// Generated code of every pattern compiles without a single diagnostic, warnings included, under #nullable enable, at C# 10
/// and latest; a contract with bad members adds only its ZC errors.
/// </summary>
public sealed class CompileTests
{
    public static TheoryData<string, LanguageVersion> Cases()
    {
        var cases = new TheoryData<string, LanguageVersion>();
        foreach (var contract in AllContracts.Names)
        {
            cases.Add(contract, LanguageVersion.CSharp10);
            cases.Add(contract, LanguageVersion.Latest);
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generated_code_compiles_without_diagnostics(string contract, LanguageVersion version)
    {
        var run = GeneratorHarness.Run(AllContracts.Source(contract), GeneratorHarness.ParseOptions(version));

        AllContracts.ShouldReportOnlyItsOwnErrors(contract, run);
        run.Output.SyntaxTrees.Count().ShouldBe(3);
        Format(run.Output.GetDiagnostics()).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generated_documentation_comments_are_valid(string contract, LanguageVersion version)
    {
        // With documentation diagnostics on, the user's undocumented input warns (CS1591); only generated files must be clean.
        var run = GeneratorHarness.Run(AllContracts.Source(contract), GeneratorHarness.ParseOptions(version, DocumentationMode.Diagnose));
        var generated = run.Result.GeneratedTrees;

        var inGenerated = run.Output.GetDiagnostics().Where(d => d.Location.SourceTree is { } tree && generated.Contains(tree));
        Format(inGenerated).ShouldBeEmpty();
    }

    private static string[] Format(System.Collections.Generic.IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.Where(static d => d.Severity != DiagnosticSeverity.Hidden).Select(static d => d.ToString()).ToArray();
}
