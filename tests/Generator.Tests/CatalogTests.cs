using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Shouldly;
using Xunit;
using ZeroContracts.Generator.Diagnostics;
using ZeroContracts.Generator.Diagnostics.Analyzers;

namespace ZeroContracts.Generator.Tests;

/// <summary>Every descriptor is documented in docs/diagnostics.md, tracked in the release files, and well formed.</summary>
public sealed class CatalogTests
{
    /// <summary>Every descriptor of the catalog.</summary>
    internal static readonly IReadOnlyList<DiagnosticDescriptor> All = typeof(Descriptors)
        .GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
        .Where(static f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(static f => (DiagnosticDescriptor)f.GetValue(null)!)
        .ToList();

    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var descriptor in All) data.Add(descriptor.Id);
        return data;
    }

    [Fact]
    public void Ids_are_unique_and_ById_finds_each()
    {
        All.Count.ShouldBeGreaterThan(30);
        All.Select(static d => d.Id).ShouldBeUnique();
        foreach (var descriptor in All) Descriptors.ById(descriptor.Id).ShouldBeSameAs(descriptor);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_is_documented_with_an_anchor_a_heading_and_examples(string id)
    {
        var docs = File.ReadAllText(Path.Combine(SeedProgramTests.RepoRoot(), "docs", "diagnostics.md"));
        var anchor = id.ToLowerInvariant();
        docs.ShouldContain($"<a id=\"{anchor}\"></a>", customMessage: $"docs/diagnostics.md has no anchor for {id}");
        Regex.IsMatch(docs, $@"^#+ {id}\b", RegexOptions.Multiline).ShouldBeTrue($"docs/diagnostics.md has no heading for {id}");

        // The section runs to the next anchor: what is wrong, why, how to fix, and a bad and a good example.
        var start = docs.IndexOf($"<a id=\"{anchor}\"></a>", System.StringComparison.Ordinal);
        var next = docs.IndexOf("<a id=\"zc", start + 1, System.StringComparison.Ordinal);
        var section = next < 0 ? docs.Substring(start) : docs.Substring(start, next - start);
        section.ShouldContain("```", customMessage: $"{id}'s section has no example");
        foreach (var part in new[] { "**What is wrong.**", "**Why it matters on the wire.**", "**How to fix.**" })
        {
            section.ShouldContain(part, customMessage: $"{id}'s section lacks {part}");
        }

        section.ShouldContain("// bad", customMessage: $"{id}'s examples show no bad code");
        section.ShouldContain("// good", customMessage: $"{id}'s examples show no good code");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_is_tracked_for_release_with_its_category_and_severity(string id)
    {
        var descriptor = Descriptors.ById(id);
        var generator = Path.Combine(SeedProgramTests.RepoRoot(), "src", "Generator");
        var rows = File.ReadAllLines(Path.Combine(generator, "AnalyzerReleases.Unshipped.md"))
            .Concat(File.ReadAllLines(Path.Combine(generator, "AnalyzerReleases.Shipped.md")))
            .Select(static l => l.Split('|').Select(static c => c.Trim()).ToArray())
            .Where(c => c.Length >= 3 && c[0] == id)
            .ToList();
        var row = rows.ShouldHaveSingleItem($"{id} is not listed once in AnalyzerReleases.*.md");
        row[1].ShouldBe(descriptor.Category);
        row[2].ShouldBe(descriptor.DefaultSeverity.ToString());
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_links_to_its_section_and_has_a_message_that_names_something(string id)
    {
        var descriptor = Descriptors.ById(id);
        descriptor.HelpLinkUri.ShouldEndWith("docs/diagnostics.md#" + id.ToLowerInvariant());
        descriptor.IsEnabledByDefault.ShouldBeTrue();
        descriptor.MessageFormat.ToString().ShouldContain("{0}");
        descriptor.Category.ShouldStartWith("ZeroContracts.");
    }

    [Fact]
    public void Analyzers_report_only_catalog_descriptors()
    {
        var analyzers = new DiagnosticAnalyzer[] { new ContractAnalyzer(), new SocketOrderingAnalyzer() };
        foreach (var supported in analyzers.SelectMany(static a => a.SupportedDiagnostics))
        {
            All.ShouldContain(supported);
        }
    }
}
