using System.Text.RegularExpressions;
using ZeroContracts.Interop.Tests.Support;

namespace ZeroContracts.Interop.Tests;

/// <summary>The Pipeline sample: ventilator, workers and sink in one process, and as separate processes.</summary>
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

    [Fact]
    public async Task Ventilator_workers_and_sink_run_as_separate_processes()
    {
        using var sink = Programs.Sample("Pipeline", "sink", "--sink", "tcp://127.0.0.1:*", "--tasks", "60");
        var sinkEndpoint = Programs.EndpointIn(await sink.WaitForLineAsync(static l => l.StartsWith("sink: ready"), Programs.Wait));
        using var ventilator = Programs.Sample("Pipeline", "ventilator", "--ventilator", "tcp://127.0.0.1:*", "--tasks", "60", "--workers", "2");
        var ventilatorEndpoint = Programs.EndpointIn(await ventilator.WaitForLineAsync(static l => l.StartsWith("ventilator: ready"), Programs.Wait));

        using var first = Programs.Sample("Pipeline", "worker", "--name", "alpha", "--ventilator", ventilatorEndpoint, "--sink", sinkEndpoint);
        using var second = Programs.Sample("Pipeline", "worker", "--name", "beta", "--ventilator", ventilatorEndpoint, "--sink", sinkEndpoint);

        (await ventilator.WaitForExitAsync(Programs.Wait)).ShouldBe(0, ventilator.Errors);
        (await sink.WaitForExitAsync(Programs.Wait)).ShouldBe(0, sink.Errors);
        ventilator.Lines.ShouldContain("ventilator: 2 workers connected, sending 60 tasks");
        var perWorker = sink.Lines.Select(static l => Regex.Match(l, @"^sink: (alpha|beta) did ([0-9]+) tasks$")).Where(static m => m.Success).ToList();
        perWorker.Sum(static m => int.Parse(m.Groups[2].Value)).ShouldBe(60);
        perWorker.Select(static m => m.Groups[1].Value).ShouldBe(new[] { "alpha", "beta" });
    }
}
