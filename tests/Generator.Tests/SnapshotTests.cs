using System.Linq;
using Shouldly;
using Xunit;

namespace ZeroContracts.Generator.Tests;

/// <summary>Whole generated files of every pattern against approved copies in Snapshots/ (a mismatch writes a .received. file beside them).</summary>
public sealed class SnapshotTests
{
    public static TheoryData<string, string> Files()
    {
        var files = new TheoryData<string, string>();
        foreach (var contract in AllContracts.Names)
        {
            var (first, second) = AllContracts.Parts(contract);
            files.Add(contract, first);
            files.Add(contract, second);
        }

        return files;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Generated_code_matches_approved_snapshot(string contract, string part)
    {
        var run = GeneratorHarness.Run(AllContracts.Source(contract));

        AllContracts.ShouldReportOnlyItsOwnErrors(contract, run);
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
    [InlineData("Feed", "Acme.Feeds.ITemperatureFeed.Publisher.g.cs", "Acme.Feeds.ITemperatureFeed.Subscriber.g.cs")]
    [InlineData("PubSubInternal", "IBlobFeed.Publisher.g.cs", "IBlobFeed.Subscriber.g.cs")]
    [InlineData("Pipeline", "Acme.Primes.IPrimeWork.Puller.g.cs", "Acme.Primes.IPrimeWork.Pusher.g.cs")]
    public void Hint_names_are_the_contract_full_name(string contract, string first, string second)
    {
        var run = GeneratorHarness.Run(AllContracts.Source(contract));

        run.Sources.Select(static s => s.HintName).ShouldBe(new[] { first, second });
    }
}
