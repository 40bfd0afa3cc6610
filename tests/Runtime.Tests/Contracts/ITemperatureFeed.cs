using System.Threading.Channels;
using ZeroContracts;

namespace ZeroContracts.Runtime.Tests.Contracts;

public sealed record TemperatureReading(double Celsius, int Sequence);

public sealed record FeedAlert(string Text, int Level);

public enum Zone
{
    North,
    South,
}

/// <summary>Topics with a string key, an enum key, no key, and several parameters.</summary>
[PubSub]
public interface ITemperatureFeed
{
    [Topic("temp")] void Reading([TopicKey] string city, TemperatureReading reading);

    [Topic("alert")] void Alert(FeedAlert alert);

    [Topic("zone")] void ZoneChanged([TopicKey] Zone zone, int value);

    [Topic("count")] void Count(int value);
}

/// <summary>The seed's framing: one string frame, no topic.</summary>
[PubSub(Framing = Framing.Bare)]
public interface IBareFeed
{
    void Say(string text);
}

/// <summary>Records every call as a line, in order, for tests to read with a bounded wait.</summary>
public sealed class FeedRecorder : ITemperatureFeed, IBareFeed
{
    private readonly Channel<string> _calls = Channel.CreateUnbounded<string>();

    /// <summary>Runs before each call is recorded; a test may block or throw in it.</summary>
    public Action<string>? Before { get; set; }

    public void Reading(string city, TemperatureReading reading) => Record($"Reading {city} {reading.Celsius} {reading.Sequence}");

    public void Alert(FeedAlert alert) => Record($"Alert {alert.Text} {alert.Level}");

    public void ZoneChanged(Zone zone, int value) => Record($"Zone {zone} {value}");

    public void Count(int value) => Record($"Count {value}");

    public void Say(string text) => Record($"Say {text}");

    private void Record(string call)
    {
        Before?.Invoke(call);
        _calls.Writer.TryWrite(call);
    }

    /// <summary>The next <paramref name="count"/> calls, waiting at most <see cref="Support.Bounded.Wait"/> for them.</summary>
    public async Task<List<string>> NextAsync(int count)
    {
        using var timeout = new CancellationTokenSource(Support.Bounded.Wait);
        var calls = new List<string>();
        while (calls.Count < count) calls.Add(await _calls.Reader.ReadAsync(timeout.Token));
        return calls;
    }

    /// <summary>The calls made so far, after waiting at most <paramref name="wait"/> for the first; possibly none.</summary>
    public async Task<List<string>> AvailableAsync(TimeSpan wait)
    {
        var calls = new List<string>();
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            await _calls.Reader.WaitToReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return calls;
        }

        while (_calls.Reader.TryRead(out var call)) calls.Add(call);
        return calls;
    }

    /// <summary>Calls until one matches <paramref name="last"/>, that one included.</summary>
    public async Task<List<string>> UntilAsync(Func<string, bool> last)
    {
        using var timeout = new CancellationTokenSource(Support.Bounded.Wait);
        var calls = new List<string>();
        while (calls.Count == 0 || !last(calls[^1])) calls.Add(await _calls.Reader.ReadAsync(timeout.Token));
        return calls;
    }
}
