using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Shouldly;
using Xunit;
using ZeroContracts.Bench.Quick;

namespace ZeroContracts.Bench.Tests;

/// <summary>The benchmark's quick mode runs with tiny counts and prints a row for every scenario. Nothing about speed is checked.</summary>
public sealed class QuickModeTests
{
    [Fact]
    public async Task Quick_mode_prints_a_row_for_every_scenario()
    {
        using var output = new StringWriter();
        await QuickRun.RunAsync(output, QuickSettings.Tiny).WaitAsync(TimeSpan.FromSeconds(90));
        var rows = output.ToString().Split('\n').Where(static l => l.StartsWith("| ", StringComparison.Ordinal)).ToList();

        string[] scenarios =
        {
            "REQ/REP latency 64 B", "REQ/REP latency 1 KB", "REQ/REP latency 64 KB",
            "REQ/REP latency 64 B, inline", "REQ/REP latency 1 KB, inline", "REQ/REP latency 64 KB, inline",
            "handoff pool → poller → pool",
            "RPC throughput, 1 outstanding", "RPC throughput, 16 outstanding", "RPC throughput, 64 outstanding", "RPC throughput, 256 outstanding",
            "RPC throughput, 1 outstanding, inline", "RPC throughput, 64 outstanding, inline",
            "PUB/SUB 64 B", "PUB/SUB 1 KB", "PUSH/PULL 64 B, 1 puller", "PUSH/PULL 64 B, 3 pullers",
            "PUB/SUB 64 B, inline", "PUSH/PULL 64 B, 1 puller, inline",
            "client", "server",
            "full (", "incremental (unrelated edit)",
        };
        foreach (var scenario in scenarios)
        {
            rows.ShouldContain(row => row.StartsWith("| " + scenario, StringComparison.Ordinal), $"no row for '{scenario}' in:\n{output}");
        }

        rows.Single(static r => r.StartsWith("| incremental", StringComparison.Ordinal)).ShouldContain("yes");

        // Rows with a target show the paired median with its quartiles, the old best/best ratio and a verdict.
        var header = Cells(rows.First(static r => r.StartsWith("| scenario", StringComparison.Ordinal)));
        header.ShouldBe(new[]
        {
            "scenario", "typed", "raw NetMQ", "typed/raw median (p25–p75)", "best/best", "gRPC unary", "typed/gRPC median (p25–p75)", "best/best",
            "CPU µs/call typed / raw / gRPC", "target", "met (median)",
        });
        var latency = Cells(rows.Single(static r => r.StartsWith("| REQ/REP latency 1 KB ", StringComparison.Ordinal)));
        latency[3].ShouldMatch(@"^[\d,.]+× \([\d,.]+–[\d,.]+\)$");
        latency[4].ShouldMatch(@"^[\d,.]+×$");
        latency[9].ShouldBe("typed/raw ≤ 1.25×");
        latency[10].ShouldMatch("^(yes|NO)");
        var throughput = Cells(rows.Single(static r => r.StartsWith("| RPC throughput, 64 outstanding ", StringComparison.Ordinal)));
        throughput[6].ShouldMatch(@"^[\d,.]+ \([\d,.]+–[\d,.]+\)$");
        throughput[10].ShouldMatch("^typed/raw: (yes|NO).*; typed/gRPC: (yes|NO)");
        var pubSub = Cells(rows.Single(static r => r.StartsWith("| PUB/SUB 64 B ", StringComparison.Ordinal)));
        pubSub[3].ShouldMatch(@"^[\d,.]+ \([\d,.]+–[\d,.]+\)$");
        pubSub[^1].ShouldMatch("^(yes|NO)");
    }

    private static string[] Cells(string row) => row.Trim().Trim('|').Split('|').Select(static c => c.Trim()).ToArray();
}
