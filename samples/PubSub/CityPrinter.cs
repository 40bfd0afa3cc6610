using System;
using System.Threading;
using System.Threading.Tasks;

namespace PubSub;

/// <summary>Prints the readings and warnings a filtered subscriber receives.</summary>
public sealed class CityPrinter(int expected = int.MaxValue) : IWeatherFeed
{
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _counted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _readings;

    public int Readings => Volatile.Read(ref _readings);

    /// <summary>Completes at the "end of feed" warning.</summary>
    public Task Ended => _ended.Task;

    /// <summary>Completes when the expected number of readings has been printed.</summary>
    public Task Counted => _counted.Task;

    public void Temperature(string city, Reading reading)
    {
        Console.WriteLine($"{city}: {reading.Celsius}°C (reading {reading.Number})");
        if (Interlocked.Increment(ref _readings) == expected) _counted.TrySetResult();
    }

    public void Warn(Warning warning)
    {
        Console.WriteLine($"warning: {warning.Text}");
        if (warning.Text == "end of feed") _ended.TrySetResult();
    }
}
