using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Pipeline;
using ZeroContracts;

// Pipeline [all|ventilator|worker|sink] [--tasks N] [--workers N] [--ventilator ENDPOINT] [--sink ENDPOINT] [--name NAME]
// The seed's ventilator -> workers -> sink, typed.
//   all         (default) everything in one process over loopback TCP: a sink, a ventilator and --workers workers
//   sink        binds a PULL socket for results (default tcp://*:5558), prints the summary after --tasks results
//   ventilator  binds a PUSH socket for tasks (default tcp://*:5557), waits for --workers workers, pushes --tasks tasks
//   worker      connects to the ventilator (default tcp://localhost:5557) and the sink (default tcp://localhost:5558)
//               and works until Ctrl+C
// The ventilator waits until every worker is connected so the first tasks are shared fairly; the sink prints the
// total elapsed time and how many tasks each worker did.
var mode = args.Length > 0 && !args[0].StartsWith("--") ? args[0] : "all";
var tasks = IntOption("--tasks", 100);
var workerCount = IntOption("--workers", 3);

switch (mode)
{
    case "all":
        return await RunAllAsync();
    case "sink":
        return await RunSinkAsync(Option("--sink", "tcp://*:5558"));
    case "ventilator":
        return await RunVentilatorAsync(Option("--ventilator", "tcp://*:5557"));
    case "worker":
        await RunWorkerAsync(Option("--name", $"worker{Environment.ProcessId}"), Option("--ventilator", "tcp://localhost:5557"), Option("--sink", "tcp://localhost:5558"));
        return 0;
    default:
        Console.Error.WriteLine("usage: Pipeline [all|ventilator|worker|sink] [--tasks N] [--workers N] [--ventilator ENDPOINT] [--sink ENDPOINT] [--name NAME]");
        return 2;
}

async Task<int> RunAllAsync()
{
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

        if (!await VentilateAsync(ventilator)) return 1;
        var clock = Stopwatch.StartNew();
        await sink.Complete.WaitAsync(TimeSpan.FromSeconds(60));
        PrintSummary(sink, clock);
    }
    finally
    {
        foreach (var disposable in disposables) await disposable.DisposeAsync();
    }

    return 0;
}

async Task<int> RunSinkAsync(string endpoint)
{
    var sink = new Sink(tasks);
    await using var puller = new ResultsPuller(sink, "@" + endpoint);
    puller.Start();
    Console.WriteLine($"sink: ready ({puller.Endpoint})");

    // The clock starts with the first result, as the seed's sink starts it on the batch's first message.
    await sink.Started.WaitAsync(TimeSpan.FromMinutes(10));
    var clock = Stopwatch.StartNew();
    await sink.Complete.WaitAsync(TimeSpan.FromMinutes(10));
    PrintSummary(sink, clock);
    return 0;
}

async Task<int> RunVentilatorAsync(string endpoint)
{
    // Linger keeps queued tasks going out after the last push, since this process exits right after.
    await using var ventilator = new PrimeWorkPusher("@" + endpoint, new PusherOptions { Linger = TimeSpan.FromSeconds(10) });
    Console.WriteLine($"ventilator: ready ({ventilator.Endpoint})");
    return await VentilateAsync(ventilator) ? 0 : 1;
}

async Task<bool> VentilateAsync(PrimeWorkPusher ventilator)
{
    if (!await ventilator.WaitForWorkersAsync(workerCount, TimeSpan.FromSeconds(60)))
    {
        Console.Error.WriteLine($"ventilator: only {ventilator.WorkerCount} of {workerCount} workers connected");
        return false;
    }

    Console.WriteLine($"ventilator: {workerCount} workers connected, sending {tasks} tasks");
    for (var i = 0; i < tasks; i++) ventilator.Check(1_000_000_007L + 2 * i);
    return true;
}

async Task RunWorkerAsync(string name, string ventilatorEndpoint, string sinkEndpoint)
{
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stop.Cancel();
    };
    await using var toSink = new ResultsPusher(">" + sinkEndpoint);
    await using var worker = new PrimeWorkPuller(new PrimeWorker(name, toSink), ">" + ventilatorEndpoint);
    Console.WriteLine($"{name}: ready");
    await worker.RunAsync(stop.Token);
}

void PrintSummary(Sink sink, Stopwatch clock)
{
    Console.WriteLine($"sink: {tasks} tasks done in {clock.ElapsedMilliseconds} ms, {sink.Primes} primes found");
    foreach (var (worker, done) in sink.PerWorker.OrderBy(static p => p.Key, StringComparer.Ordinal))
    {
        Console.WriteLine($"sink: {worker} did {done} tasks");
    }
}

string Option(string name, string fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}

int IntOption(string name, int fallback) => int.TryParse(Option(name, ""), out var value) ? value : fallback;
