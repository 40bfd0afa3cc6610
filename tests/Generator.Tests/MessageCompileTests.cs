using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Shouldly;
using Xunit;

namespace ZeroContracts.Generator.Tests;

/// <summary>Generated [PubSub] and [Pipeline] code compiles without a single diagnostic, warnings included, under #nullable enable, at C# 10 and latest.</summary>
public sealed class MessageCompileTests
{
    public static TheoryData<string, LanguageVersion> Cases()
    {
        var cases = new TheoryData<string, LanguageVersion>();
        foreach (var contract in MessageContracts.All.Keys)
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
        var run = GeneratorHarness.Run(MessageContracts.All[contract], GeneratorHarness.ParseOptions(version));

        run.Diagnostics.ShouldBeEmpty();
        run.Output.SyntaxTrees.Count().ShouldBe(3);
        Format(run.Output.GetDiagnostics()).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generated_documentation_comments_are_valid(string contract, LanguageVersion version)
    {
        var run = GeneratorHarness.Run(MessageContracts.All[contract], GeneratorHarness.ParseOptions(version, DocumentationMode.Diagnose));
        var generated = run.Result.GeneratedTrees;

        var inGenerated = run.Output.GetDiagnostics().Where(d => d.Location.SourceTree is { } tree && generated.Contains(tree));
        Format(inGenerated).ShouldBeEmpty();
    }

    private static string[] Format(System.Collections.Generic.IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.Where(static d => d.Severity != DiagnosticSeverity.Hidden).Select(static d => d.ToString()).ToArray();
}
