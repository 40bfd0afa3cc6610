using System.Text.RegularExpressions;
using ZeroContracts.Interop.Tests.Support;

namespace ZeroContracts.Interop.Tests;

/// <summary>The Pipeline sample: ventilator, three workers and a sink in one process.</summary>
public sealed class PipelineSampleTests
{
    [Fact]
    public async Task The_ventilator_waits_for_three_workers_and_the_sink_counts_every_task()
    {
        using var demo = Programs.Sample("Pipeline", "--tasks", "300");

        (await demo.WaitForExitAsync(Programs.Wait)).ShouldBe(0, demo.Errors);

        demo.Lines.ShouldContain("ventilator: 3 workers connected, sending 300 tasks");
        demo.Lines.ShouldContain(static l => Regex.IsMatch(l, @"^sink: 300 tasks done in [0-9]+ ms, [0-9]+ primes found$"));
        var perWorker = demo.Lines.Select(static l => Regex.Match(l, @"^sink: (worker[1-3]) did ([0-9]+) tasks$")).Where(static m => m.Success).ToList();
        perWorker.Select(static m => m.Groups[1].Value).ShouldBe(new[] { "worker1", "worker2", "worker3" });
        perWorker.Sum(static m => int.Parse(m.Groups[2].Value)).ShouldBe(300);
        perWorker.ShouldAllBe(static m => int.Parse(m.Groups[2].Value) > 0);
    }
}
