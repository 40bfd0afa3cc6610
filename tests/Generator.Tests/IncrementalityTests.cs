using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Shouldly;
using Xunit;

namespace ZeroContracts.Generator.Tests;

/// <summary>
/// Every pattern's pipeline is incremental: an edit that does not touch a contract re-runs nothing (every tracked step
/// Cached or Unchanged), a comment in a contract file re-emits nothing, and no step holds a symbol.
/// </summary>
public sealed class IncrementalityTests
{
    /// <summary>Per pipeline: the steps it tracks, the tracked step holding its models, and valid contracts of its pattern.</summary>
    private static readonly Dictionary<string, (string[] Steps, string Models, string[] Contracts)> Pipelines = new()
    {
        ["ReqRep"] = (
            new[] { TrackingNames.ReqRep, TrackingNames.ReqRepModels, TrackingNames.ReqRepDiagnostics, TrackingNames.AllDiagnostics },
            TrackingNames.ReqRepModels,
            new[] { Contracts.All["Weather"], Contracts.All["Inheritance"], Contracts.All["Bare"] }),
        ["PubSub"] = (
            new[] { TrackingNames.PubSub, TrackingNames.PubSubModels, TrackingNames.PubSubDiagnostics, TrackingNames.AllDiagnostics },
            TrackingNames.PubSubModels,
            new[] { MessageContracts.All["Feed"], MessageContracts.All["PubSubInheritance"] }),
        ["Pipeline"] = (
            new[] { TrackingNames.Pipeline, TrackingNames.PipelineModels, TrackingNames.PipelineDiagnostics, TrackingNames.AllDiagnostics },
            TrackingNames.PipelineModels,
            new[] { MessageContracts.All["Pipeline"], MessageContracts.All["PipelineNames"] }),
    };

    public static TheoryData<string> Patterns() => new() { "ReqRep", "PubSub", "Pipeline" };

    /// <summary>The pipeline's contracts plus one of its pattern with a bad member (whose model now holds invalid members).</summary>
    private static string[] Sources(string pattern) =>
        Pipelines[pattern].Contracts.Append(InvalidContracts.All[pattern == "ReqRep" ? "Invalid" : pattern + "Invalid"]).ToArray();

    [Theory]
    [MemberData(nameof(Patterns))]
    public void Unrelated_edit_leaves_every_tracked_step_cached(string pattern)
    {
        var parseOptions = GeneratorHarness.ParseOptions();
        var compilation = GeneratorHarness.CreateCompilation(Sources(pattern), parseOptions);
        var driver = GeneratorHarness.CreateDriver(parseOptions).RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Other; public sealed class Unrelated { }", parseOptions, path: "Unrelated.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in Pipelines[pattern].Steps)
        {
            result.TrackedSteps.ShouldContainKey(step);
            var outputs = result.TrackedSteps[step].SelectMany(static s => s.Outputs).ToList();
            outputs.ShouldNotBeEmpty();
            outputs.ShouldAllBe(o => o.Reason == IncrementalStepRunReason.Cached || o.Reason == IncrementalStepRunReason.Unchanged, step);
        }

        result.TrackedOutputSteps.SelectMany(static s => s.Value).SelectMany(static s => s.Outputs)
            .ShouldAllBe(o => o.Reason == IncrementalStepRunReason.Cached);
    }

    [Theory]
    [MemberData(nameof(Patterns))]
    public void A_comment_in_a_contract_file_does_not_re_emit_it(string pattern)
    {
        var parseOptions = GeneratorHarness.ParseOptions();
        var compilation = GeneratorHarness.CreateCompilation(Sources(pattern), parseOptions);
        var driver = GeneratorHarness.CreateDriver(parseOptions).RunGenerators(compilation);

        var old = compilation.SyntaxTrees.First();
        var changed = old.WithChangedText(old.GetText().Replace(0, 0, "// a comment\n"));
        var result = driver.RunGenerators(compilation.ReplaceSyntaxTree(old, changed)).GetRunResult().Results.Single();

        // The edited file is parsed again, but its model is equal to the last one, so nothing is re-emitted.
        result.TrackedSteps[Pipelines[pattern].Models].SelectMany(static s => s.Outputs)
            .ShouldAllBe(o => o.Reason == IncrementalStepRunReason.Cached || o.Reason == IncrementalStepRunReason.Unchanged);
    }

    [Theory]
    [MemberData(nameof(Patterns))]
    public void Tracked_outputs_hold_no_symbols_syntax_or_locations(string pattern)
    {
        var run = GeneratorHarness.Run(Sources(pattern));
        var result = run.Result.Results.Single();

        foreach (var step in Pipelines[pattern].Steps)
        {
            foreach (var (value, _) in result.TrackedSteps[step].SelectMany(static s => s.Outputs))
            {
                AssertPlainData(value, step, new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }
    }

    /// <summary>Walks the object graph; Roslyn objects that pin a compilation must not appear in it.</summary>
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
