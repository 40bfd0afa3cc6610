using System.Linq;
using Shouldly;
using Xunit;

namespace ZeroContracts.Generator.Tests;

/// <summary>Whole generated files against approved copies in Snapshots/ (a mismatch writes a .received. file beside them).</summary>
public sealed class SnapshotTests
{
    public static TheoryData<string, string> Files()
    {
        var files = new TheoryData<string, string>();
        foreach (var contract in Contracts.All.Keys)
        {
            files.Add(contract, "Client");
            files.Add(contract, "Server");
        }

        return files;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Generated_code_matches_approved_snapshot(string contract, string part)
    {
        var run = GeneratorHarness.Run(Contracts.All[contract]);

        run.Diagnostics.ShouldBeEmpty();
        var text = run.Sources.Single(s => s.HintName.EndsWith($".{part}.g.cs")).Text;
        text.ShouldMatchApproved(c => c
            .SubFolder("Snapshots")
            .WithDiscriminator($"{contract}.{part}")
            .WithFilenameGenerator(static (_, discriminator, fileType, extension) => $"{discriminator?.TrimStart('.')}.{fileType}.{extension}")
            .WithFileExtension("cs")
            .NoDiff());
    }

    [Theory]
    [InlineData("Weather", "Acme.Weather.IWeather.Client.g.cs", "Acme.Weather.IWeather.Server.g.cs")]
    [InlineData("GlobalNamespace", "IGreeter.Client.g.cs", "IGreeter.Server.g.cs")]
    [InlineData("NestedNamespace", "A.B.C.ICalculator.Client.g.cs", "A.B.C.ICalculator.Server.g.cs")]
    public void Hint_names_are_the_contract_full_name(string contract, string client, string server)
    {
        var run = GeneratorHarness.Run(Contracts.All[contract]);

        run.Sources.Select(static s => s.HintName).ShouldBe(new[] { client, server });
    }
}
