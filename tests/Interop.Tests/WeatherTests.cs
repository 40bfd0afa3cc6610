using ZeroContracts.Interop.Tests.Support;

namespace ZeroContracts.Interop.Tests;

/// <summary>The Weather sample, alone and called by a Python peer written from docs/protocol.md.</summary>
public sealed class WeatherTests
{
    [Fact]
    public async Task The_sample_shows_records_errors_timeouts_and_cancellation()
    {
        using var demo = Programs.Sample("Weather");

        (await demo.WaitForExitAsync(Programs.Wait)).ShouldBe(0, demo.Errors);

        var output = demo.Lines;
        output.ShouldContain("Cities: Beijing, Oslo, Lima, Nairobi");
        output.Count(l => l.StartsWith("Oslo ")).ShouldBe(3);
        output.ShouldContain("After a report, Oslo's first day high is -0.5 °C");
        output.ShouldContain("Error for Atlantis: not_found: No weather station in 'Atlantis'.");
        output.ShouldContain(l => l.StartsWith("Recalibrate timed out: No reply to 'Recalibrate'"));
        output.ShouldContain("Recalibrate cancelled by the caller after 200 ms");
        output.ShouldContain("100 concurrent pings answered: True");
    }

    [Fact]
    public async Task A_python_peer_written_from_the_protocol_document_calls_every_kind_of_operation()
    {
        using var server = Programs.Sample("Weather", "server", "tcp://127.0.0.1:*");
        var endpoint = Programs.EndpointIn(await server.WaitForLineAsync(l => l.StartsWith("Weather server on"), Programs.Wait));

        using var peer = Programs.PythonScript("weather_peer.py", new[] { endpoint });

        (await peer.WaitForExitAsync(Programs.Wait)).ShouldBe(0, peer.Errors);
        var lines = peer.Lines;
        lines[0].ShouldBe("""ListCities ok ["Beijing", "Oslo", "Lima", "Nairobi"]""");
        lines[1].ShouldStartWith("""GetForecast ok {"city": "Oslo", "days": [{""");
        lines[2].ShouldBe("Report ok null");
        lines[4].ShouldBe("high after report -4.5");
        lines[5].ShouldBe("ping ok 42");
        lines[6].ShouldBe("""GetForecast error {"code": "not_found", "message": "No weather station in 'Atlantis'."}""");
        lines[7].ShouldStartWith("""GetForecast error {"code": "bad_request", """);
        lines[8].ShouldStartWith("""Nope error {"code": "unknown_operation", """);
    }
}
