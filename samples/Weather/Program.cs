using Weather;
using ZeroContracts;

// Weather [both|server] [endpoint]
//   both    (default) a server and a client in one process, on a free loopback port
//   server  only the server, until Ctrl+C: for clients in other processes or languages (see docs/protocol.md)
var mode = args.Length > 0 ? args[0] : "both";
var endpoint = args.Length > 1 ? args[1] : "tcp://127.0.0.1:*";
if (mode == "server")
{
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stop.Cancel();
    };
    await using var standalone = new WeatherServer(new WeatherService(recalibrationTime: TimeSpan.FromSeconds(5)), endpoint);
    Console.WriteLine($"Weather server on {standalone.Endpoint}");
    await standalone.RunAsync(stop.Token);
    return;
}

await using var server = new WeatherServer(new WeatherService(recalibrationTime: TimeSpan.FromSeconds(5)), endpoint);
server.Start();
Console.WriteLine($"Weather server on {server.Endpoint}");

await using var client = new WeatherClient(server.Endpoint, new ClientOptions { CallTimeout = TimeSpan.FromSeconds(1) });

Console.WriteLine($"Cities: {string.Join(", ", await client.ListCitiesAsync())}");

var forecast = await client.GetForecastAsync("Oslo", days: 3);
foreach (var day in forecast.Days)
    Console.WriteLine($"{forecast.City} {day.Date:yyyy-MM-dd}: {day.LowCelsius}..{day.HighCelsius} °C, {day.Sky}");

await client.ReportAsync(new Observation("Oslo", DateTimeOffset.UtcNow, -3.5));
Console.WriteLine($"After a report, Oslo's first day high is {(await client.GetForecastAsync("Oslo", 1)).Days[0].HighCelsius} °C");

// Errors thrown by the service arrive as RemoteException, with the code the service chose.
try
{
    await client.GetForecastAsync("Atlantis", 2);
}
catch (RemoteException e)
{
    Console.WriteLine($"Error for Atlantis: {e.Code}: {e.Message}");
}

// A slow operation: the 1 s call timeout ends the wait...
try
{
    await client.RecalibrateAsync();
}
catch (TimeoutException e)
{
    Console.WriteLine($"Recalibrate timed out: {e.Message}");
}

// ...and so does the caller's own cancellation.
using (var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
{
    try
    {
        await client.RecalibrateAsync(cancel.Token);
    }
    catch (OperationCanceledException)
    {
        Console.WriteLine("Recalibrate cancelled by the caller after 200 ms");
    }
}

// Many calls at once share the client's one socket.
var pings = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => client.PingAsync(i).AsTask()));
Console.WriteLine($"100 concurrent pings answered: {pings.Sum() == Enumerable.Range(0, 100).Sum()}");
