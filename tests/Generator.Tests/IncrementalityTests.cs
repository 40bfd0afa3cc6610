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

/// <summary>An edit that does not touch a contract re-runs nothing: every tracked step is Cached or Unchanged.</summary>
public sealed class IncrementalityTests
{
    private static readonly string[] TrackedSteps = { TrackingNames.ReqRep, TrackingNames.ReqRepModels, TrackingNames.ReqRepDiagnostics };

    private const string InvalidContract = """
        using System.Threading.Tasks;
        using ZeroContracts;

        namespace Acme.Broken;

        [ReqRep]
        public interface IBroken
        {
            int Add(int a, int b);
        }
        """;

    [Fact]
    public void Unrelated_edit_leaves_every_tracked_step_cached()
    {
        var parseOptions = GeneratorHarness.ParseOptions();
        var compilation = GeneratorHarness.CreateCompilation(new[] { Contracts.All["Weather"], Contracts.All["Inheritance"], InvalidContract }, parseOptions);
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

        result.TrackedOutputSteps.SelectMany(static s => s.Value).SelectMany(static s => s.Outputs)
            .ShouldAllBe(o => o.Reason == IncrementalStepRunReason.Cached);
    }

    [Fact]
    public void Editing_a_contract_regenerates_only_that_contract()
    {
        var parseOptions = GeneratorHarness.ParseOptions();
        var compilation = GeneratorHarness.CreateCompilation(new[] { Contracts.All["Weather"], Contracts.All["Bare"] }, parseOptions);
        var driver = GeneratorHarness.CreateDriver(parseOptions).RunGenerators(compilation);

        var old = compilation.SyntaxTrees.First();
        var changed = old.WithChangedText(old.GetText().Replace(0, 0, "// a comment\n"));
        var result = driver.RunGenerators(compilation.ReplaceSyntaxTree(old, changed)).GetRunResult().Results.Single();

        // The edited file is parsed again, but its model is equal to the last one, so nothing is re-emitted.
        result.TrackedSteps[TrackingNames.ReqRepModels].SelectMany(static s => s.Outputs)
            .ShouldAllBe(o => o.Reason == IncrementalStepRunReason.Cached || o.Reason == IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void Tracked_outputs_hold_no_symbols_syntax_or_locations()
    {
        var run = GeneratorHarness.Run(new[] { Contracts.All["Weather"], Contracts.All["Defaults"], InvalidContract });
        var result = run.Result.Results.Single();

        foreach (var step in TrackedSteps)
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
