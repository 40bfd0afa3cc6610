using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Pipeline;

// Pipeline [--tasks N] [--workers N]
// The seed's ventilator -> workers -> sink, typed, in one process over loopback TCP:
//   the sink binds a PULL socket; each worker pulls tasks from the ventilator and pushes results to the sink;
//   the ventilator waits until every worker is connected (so the first tasks are shared fairly), pushes the tasks,
//   and the sink prints the total elapsed time and how many tasks each worker did.
var tasks = IntOption("--tasks", 100);
var workerCount = IntOption("--workers", 3);

var sink = new Sink(tasks);
await using var sinkPuller = new ResultsPuller(sink, "@tcp://127.0.0.1:*");
sinkPuller.Start();
Console.WriteLine($"sink: ready ({sinkPuller.Endpoint})");

await using var ventilator = new PrimeWorkPusher("tcp://127.0.0.1:*");
Console.WriteLine($"ventilator: ready ({ventilator.Endpoint})");

var disposables = new List<IAsyncDisposable>();
try
{
    for (var i = 1; i <= workerCount; i++)
    {
        var toSink = new ResultsPusher(">" + sinkPuller.Endpoint);
        var worker = new PrimeWorkPuller(new PrimeWorker($"worker{i}", toSink), ventilator.Endpoint);
        disposables.Add(worker);
        disposables.Add(toSink);
        worker.Start();
    }

    if (!await ventilator.WaitForWorkersAsync(workerCount, TimeSpan.FromSeconds(30)))
    {
        Console.Error.WriteLine($"ventilator: only {ventilator.WorkerCount} of {workerCount} workers connected");
        return 1;
    }

    Console.WriteLine($"ventilator: {workerCount} workers connected, sending {tasks} tasks");
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < tasks; i++) ventilator.Check(1_000_000_007L + 2 * i);

    await sink.Complete.WaitAsync(TimeSpan.FromSeconds(60));
    Console.WriteLine($"sink: {tasks} tasks done in {clock.ElapsedMilliseconds} ms, {sink.Primes} primes found");
    foreach (var (worker, done) in sink.PerWorker.OrderBy(static p => p.Key, StringComparer.Ordinal))
    {
        Console.WriteLine($"sink: {worker} did {done} tasks");
    }
}
finally
{
    foreach (var disposable in disposables) await disposable.DisposeAsync();
}

return 0;

int IntOption(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
}
