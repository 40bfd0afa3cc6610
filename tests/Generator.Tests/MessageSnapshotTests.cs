using System.Linq;
using Shouldly;
using Xunit;

namespace ZeroContracts.Generator.Tests;

/// <summary>Whole generated publisher/subscriber and pusher/puller files against approved copies in Snapshots/.</summary>
public sealed class MessageSnapshotTests
{
    public static TheoryData<string, string> Files()
    {
        var files = new TheoryData<string, string>();
        foreach (var contract in MessageContracts.All.Keys)
        {
            var (first, second) = MessageContracts.Parts(contract);
            files.Add(contract, first);
            files.Add(contract, second);
        }

        return files;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Generated_code_matches_approved_snapshot(string contract, string part)
    {
        var run = GeneratorHarness.Run(MessageContracts.All[contract]);

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
    [InlineData("Feed", "Acme.Feeds.ITemperatureFeed.Publisher.g.cs", "Acme.Feeds.ITemperatureFeed.Subscriber.g.cs")]
    [InlineData("PubSubInternal", "IBlobFeed.Publisher.g.cs", "IBlobFeed.Subscriber.g.cs")]
    [InlineData("Pipeline", "Acme.Primes.IPrimeWork.Puller.g.cs", "Acme.Primes.IPrimeWork.Pusher.g.cs")]
    public void Hint_names_are_the_contract_full_name(string contract, string first, string second)
    {
        var run = GeneratorHarness.Run(MessageContracts.All[contract]);

        run.Sources.Select(static s => s.HintName).ShouldBe(new[] { first, second });
    }
}
