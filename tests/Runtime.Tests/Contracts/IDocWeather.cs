using ZeroContracts;

namespace ZeroContracts.Runtime.Tests.Contracts;

/// <summary>The contract used by the examples in docs/protocol.md section 2.6.</summary>
[ReqRep]
public interface IDocWeather
{
    Task<DocForecast> GetForecastAsync(string city, int days, CancellationToken ct = default);

    Task ResetAsync();

    [Operation("ping")]
    ValueTask<long> PingAsync(long value);

    Task<string> EchoAsync(string text);
}

public sealed record DocForecast(string City, int[] Days);

public sealed class DocWeather : IDocWeather
{
    public Task<DocForecast> GetForecastAsync(string city, int days, CancellationToken ct = default) =>
        Task.FromResult(new DocForecast(city, Enumerable.Range(1, days).ToArray()));

    public Task ResetAsync() => Task.CompletedTask;

    public ValueTask<long> PingAsync(long value) => ValueTask.FromResult(value);

    public Task<string> EchoAsync(string text) => Task.FromResult(text);
}
