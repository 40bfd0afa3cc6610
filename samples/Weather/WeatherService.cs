using System.Collections.Concurrent;
using ZeroContracts;

namespace Weather;

/// <summary>An in-memory implementation: deterministic forecasts, a record of observations.</summary>
public sealed class WeatherService(TimeSpan recalibrationTime) : IWeather
{
    private static readonly string[] Cities = ["Beijing", "Oslo", "Lima", "Nairobi"];
    private readonly ConcurrentDictionary<string, double> _lastObserved = new();

    public Task<Forecast> GetForecastAsync(string city, int days, CancellationToken ct = default)
    {
        EnsureKnown(city);
        if (days is < 1 or > 14) throw new RemoteException("invalid_argument", $"days must be 1..14, was {days}.");
        var baseline = _lastObserved.GetValueOrDefault(city, 10 + city.Length);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var forecast = Enumerable.Range(0, days)
            .Select(d => new DailyForecast(today.AddDays(d), baseline - 4 + d % 3, baseline + 3 + d % 2, (Sky)((city.Length + d) % 4)))
            .ToList();
        return Task.FromResult(new Forecast(city, forecast));
    }

    public Task<string[]> ListCitiesAsync() => Task.FromResult(Cities);

    public Task ReportAsync(Observation observation)
    {
        EnsureKnown(observation.City);
        _lastObserved[observation.City] = observation.Celsius;
        return Task.CompletedTask;
    }

    public async Task<TimeSpan> RecalibrateAsync(CancellationToken ct = default)
    {
        // The server's token is cancelled when the server stops, so slow work ends with it.
        await Task.Delay(recalibrationTime, ct);
        return recalibrationTime;
    }

    public ValueTask<long> PingAsync(long value) => ValueTask.FromResult(value);

    private static void EnsureKnown(string city)
    {
        // A RemoteException thrown on purpose reaches the client with its code and message.
        if (!Cities.Contains(city)) throw new RemoteException("not_found", $"No weather station in '{city}'.");
    }
}
