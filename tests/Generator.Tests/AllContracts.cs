using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Shouldly;

namespace ZeroContracts.Generator.Tests;

/// <summary>Every contract the whole-file tests run over, valid (<see cref="Contracts"/>, <see cref="MessageContracts"/>) and with bad members (<see cref="InvalidContracts"/>), by name.</summary>
internal static class AllContracts
{
    public static IEnumerable<string> Valid => Contracts.All.Keys.Concat(MessageContracts.All.Keys);

    public static IEnumerable<string> Names => Valid.Concat(InvalidContracts.All.Keys);

    public static bool IsValid(string name) => !InvalidContracts.All.ContainsKey(name);

    public static string Source(string name) =>
        Contracts.All.TryGetValue(name, out var reqRep) ? reqRep
        : MessageContracts.All.TryGetValue(name, out var message) ? message
        : InvalidContracts.All[name];

    /// <summary>The suffixes of the two generated files: Client/Server, Publisher/Subscriber or Pusher/Puller.</summary>
    public static (string First, string Second) Parts(string name)
    {
        var source = Source(name);
        return source.Contains("[Pipeline") ? ("Pusher", "Puller") : source.Contains("[PubSub") ? ("Publisher", "Subscriber") : ("Client", "Server");
    }

    /// <summary>A valid contract reports nothing; one with bad members reports ZC errors only, on its own source.</summary>
    public static void ShouldReportOnlyItsOwnErrors(string name, GeneratorRun run)
    {
        if (IsValid(name)) run.Diagnostics.ShouldBeEmpty();
        else run.Diagnostics.ShouldAllBe(static d => d.Id.StartsWith("ZC") && d.Severity == DiagnosticSeverity.Error);
    }
}
