using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Shouldly;
using Xunit;

namespace ZeroContracts.Generator.Tests;

/// <summary>The [PubSub] and [Pipeline] pipelines are incremental too: an unrelated edit re-runs nothing, and no step holds a symbol.</summary>
public sealed class MessageIncrementalityTests
{
    private static readonly string[] TrackedSteps =
    {
        TrackingNames.PubSub, TrackingNames.PubSubModels, TrackingNames.PubSubDiagnostics,
        TrackingNames.Pipeline, TrackingNames.PipelineModels, TrackingNames.PipelineDiagnostics,
    };

    private const string InvalidContract = """
        using ZeroContracts;

        namespace Acme.Broken;

        [PubSub]
        public interface IBroken
        {
            int Count(string text);
        }
        """;

    [Fact]
    public void Unrelated_edit_leaves_every_tracked_step_cached()
    {
        var parseOptions = GeneratorHarness.ParseOptions();
        var compilation = GeneratorHarness.CreateCompilation(new[] { MessageContracts.All["Feed"], MessageContracts.All["Pipeline"], InvalidContract }, parseOptions);
        var driver = GeneratorHarness.CreateDriver(parseOptions).RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Other; public sealed class Unrelated { }", parseOptions, path: "Unrelated.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in TrackedSteps)
        {
            result.TrackedSteps.ShouldContainKey(step);
            var outputs = result.TrackedSteps[step].SelectMany(static s => s.Outputs).ToList();
            outputs.ShouldNotBeEmpty();
            outputs.ShouldAllBe(o => o.Reason == IncrementalStepRunReason.Cached || o.Reason == IncrementalStepRunReason.Unchanged, step);
        }
    }

    [Fact]
    public void A_comment_in_a_contract_file_does_not_re_emit_it()
    {
        var parseOptions = GeneratorHarness.ParseOptions();
        var compilation = GeneratorHarness.CreateCompilation(new[] { MessageContracts.All["Feed"] }, parseOptions);
        var driver = GeneratorHarness.CreateDriver(parseOptions).RunGenerators(compilation);

        var old = compilation.SyntaxTrees.First();
        var changed = old.WithChangedText(old.GetText().Replace(0, 0, "// a comment\n"));
        var result = driver.RunGenerators(compilation.ReplaceSyntaxTree(old, changed)).GetRunResult().Results.Single();

        result.TrackedSteps[TrackingNames.PubSubModels].SelectMany(static s => s.Outputs)
            .ShouldAllBe(o => o.Reason == IncrementalStepRunReason.Cached || o.Reason == IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void Tracked_outputs_hold_no_symbols_syntax_or_locations()
    {
        var run = GeneratorHarness.Run(new[] { MessageContracts.All["Feed"], MessageContracts.All["Pipeline"], InvalidContract });
        var result = run.Result.Results.Single();

        foreach (var step in TrackedSteps)
        {
            foreach (var (value, _) in result.TrackedSteps[step].SelectMany(static s => s.Outputs))
            {
                AssertPlainData(value, step, new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }
    }

    private static void AssertPlainData(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return;
        if (!value.GetType().IsValueType && !seen.Add(value)) return;

        var forbidden = value is ISymbol or SyntaxNode or SyntaxTree or Location or Compilation or SemanticModel or AttributeData;
        forbidden.ShouldBeFalse($"{path} holds a {value.GetType().FullName}");

        if (value is IEnumerable items)
        {
            var i = 0;
            foreach (var item in items) AssertPlainData(item, $"{path}[{i++}]", seen);
        }

        for (var type = value.GetType(); type is not null && type != typeof(object); type = type.BaseType)
        {
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                AssertPlainData(field.GetValue(value), $"{path}.{field.Name}", seen);
            }
        }
    }
}
