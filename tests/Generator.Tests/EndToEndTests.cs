using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Shouldly;
using Xunit;

namespace ZeroContracts.Generator.Tests;

/// <summary>Generated client and server, compiled and loaded, talk to each other over loopback TCP through the real runtime.</summary>
public sealed class EndToEndTests
{
    private const string Program = """
        using System;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using ZeroContracts;

        namespace Acme.Weather;

        public sealed class Weather : IWeather
        {
            public Task<Forecast> GetForecastAsync(string city, int days, CancellationToken ct = default) =>
                Task.FromResult(new Forecast(city, Enumerable.Range(1, days).ToArray()));
            public Task<string[]> ListCitiesAsync() => Task.FromResult(new[] { "Oslo", "Lima" });
            public Task ResetAsync() => Task.CompletedTask;
            public ValueTask<long> PingAsync(long value) => new(value + 1);
            public ValueTask ClearAsync(CancellationToken cancellationToken) => default;
        }

        public static class Demo
        {
            public static async Task<string> RunAsync()
            {
                await using var server = new WeatherServer(new Weather(), "tcp://127.0.0.1:*");
                server.Start();
                await using var client = new WeatherClient(server.Endpoint, new ClientOptions { CallTimeout = TimeSpan.FromSeconds(10) });
                var forecast = await client.GetForecastAsync("Oslo", 3);
                var cities = await client.ListCitiesAsync();
                await client.ResetAsync();
                var pong = await client.PingAsync(41);
                await client.ClearAsync(CancellationToken.None);
                return $"{forecast.City}:{string.Join(",", forecast.Temperatures)}|{string.Join(",", cities)}|{pong}";
            }
        }
        """;

    [Fact]
    public async Task Generated_client_calls_generated_server()
    {
        var run = GeneratorHarness.Run(new[] { Contracts.All["Weather"], Program });
        run.Diagnostics.ShouldBeEmpty();

        using var image = new MemoryStream();
        var emitted = run.Output.Emit(image);
        emitted.Diagnostics.Where(static d => d.Severity >= DiagnosticSeverity.Warning).Select(static d => d.ToString()).ShouldBeEmpty();
        emitted.Success.ShouldBeTrue();

        var assembly = Assembly.Load(image.ToArray());
        var demo = assembly.GetType("Acme.Weather.Demo")!.GetMethod("RunAsync")!;
        var result = await ((Task<string>)demo.Invoke(null, null)!).WaitAsync(System.TimeSpan.FromSeconds(30));

        result.ShouldBe("Oslo:1,2,3|Oslo,Lima|42");
    }

    [Fact]
    public async Task A_contract_with_a_bad_member_still_serves_its_valid_operations_and_the_bad_one_throws()
    {
        var run = GeneratorHarness.Run("""
            using System;
            using System.Threading.Tasks;
            using ZeroContracts;

            namespace Acme.Broken;

            [ReqRep]
            public interface ICounter
            {
                Task<int> NextAsync(int value);
                int Peek();
            }

            public sealed class Counter : ICounter
            {
                public Task<int> NextAsync(int value) => Task.FromResult(value + 1);
                public int Peek() => 0;
            }

            public static class Demo
            {
                public static async Task<string> RunAsync()
                {
                    await using var server = new CounterServer(new Counter(), "tcp://127.0.0.1:*");
                    server.Start();
                    await using var client = new CounterClient(server.Endpoint, new ClientOptions { CallTimeout = TimeSpan.FromSeconds(10) });
                    var next = await client.NextAsync(41);
                    try
                    {
                        ((ICounter)client).Peek();
                        return "no exception";
                    }
                    catch (NotSupportedException e)
                    {
                        return next + "|" + e.Message;
                    }
                }
            }
            """);
        run.Diagnostics.Select(static d => d.Id).ShouldBe(new[] { "ZC1001" });

        using var image = new MemoryStream();
        run.Output.Emit(image).Success.ShouldBeTrue();
        var demo = Assembly.Load(image.ToArray()).GetType("Acme.Broken.Demo")!.GetMethod("RunAsync")!;
        var result = await ((Task<string>)demo.Invoke(null, null)!).WaitAsync(System.TimeSpan.FromSeconds(30));

        result.ShouldStartWith("42|'ICounter.Peek' is not generated because the contract breaks ZC1001");
    }
}
