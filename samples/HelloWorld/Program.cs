using System;
using System.Threading;
using HelloWorld;

// HelloWorld [both|server|client] [endpoint] [--count N] [--delay-ms N]
//   both    (default) a server and a client in one process, on a free loopback port
//   server  serves like the seed's server.py (default tcp://*:5555) until Ctrl+C
//   client  sends "hello" N times (default 9) like the seed's client.py (default tcp://localhost:5555)
var mode = args.Length > 0 && !args[0].StartsWith("--") ? args[0] : "both";
var endpoint = args.Length > 1 && !args[1].StartsWith("--") ? args[1] : null;
var count = IntOption("--count", 9);
var delay = TimeSpan.FromMilliseconds(IntOption("--delay-ms", 100));

switch (mode)
{
    case "server":
        await RunServerAsync(endpoint ?? "tcp://*:5555");
        break;
    case "client":
        await RunClientAsync(endpoint ?? "tcp://localhost:5555");
        break;
    case "both":
        using (var server = new HelloServer(new HelloService(delay), endpoint ?? "tcp://127.0.0.1:*"))
        {
            server.Start();
            Console.WriteLine($"zmq server start.... ({server.Endpoint})");
            await RunClientAsync(server.Endpoint);
        }

        break;
    default:
        Console.Error.WriteLine("usage: HelloWorld [both|server|client] [endpoint] [--count N] [--delay-ms N]");
        return 2;
}

return 0;

async System.Threading.Tasks.Task RunServerAsync(string at)
{
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stop.Cancel();
    };
    using var server = new HelloServer(new HelloService(delay), at);
    Console.WriteLine($"zmq server start.... ({server.Endpoint})");
    await server.RunAsync(stop.Token);
}

async System.Threading.Tasks.Task RunClientAsync(string at)
{
    using var client = new HelloClient(at);
    Console.WriteLine("zmq client start....");
    for (var i = 0; i < count; i++)
    {
        var message = await client.SayAsync("hello");
        Console.WriteLine($"received response. message:{message}");
    }
}

int IntOption(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
}
