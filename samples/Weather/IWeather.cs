using ZeroContracts;

namespace Weather;

/// <summary>A weather service: records in and out, several parameters, errors, and a slow operation.</summary>
[ReqRep]
public interface IWeather
{
    /// <summary>The forecast for <paramref name="city"/>, <paramref name="days"/> days ahead.</summary>
    Task<Forecast> GetForecastAsync(string city, int days, CancellationToken ct = default);

    /// <summary>Every city the service knows.</summary>
    Task<string[]> ListCitiesAsync();

    /// <summary>Records a measurement; fails with code <c>not_found</c> for an unknown city.</summary>
    Task ReportAsync(Observation observation);

    /// <summary>Rebuilds the forecast model; takes a while.</summary>
    Task<TimeSpan> RecalibrateAsync(CancellationToken ct = default);

    /// <summary>Echoes the value, to measure the round trip.</summary>
    [Operation("ping")]
    ValueTask<long> PingAsync(long value);
}

/// <summary>A forecast: one entry per day.</summary>
public sealed record Forecast(string City, IReadOnlyList<DailyForecast> Days);

/// <summary>One day's forecast.</summary>
public sealed record DailyForecast(DateOnly Date, double LowCelsius, double HighCelsius, Sky Sky);

/// <summary>A measurement reported by a station.</summary>
public sealed record Observation(string City, DateTimeOffset At, double Celsius);

/// <summary>How the sky looks.</summary>
public enum Sky
{
    Clear,
    Cloudy,
    Rain,
    Snow,
}
