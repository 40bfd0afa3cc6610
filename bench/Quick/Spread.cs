using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ZeroContracts.Bench.Quick;

/// <summary>The median of some values and their 25th and 75th percentiles (linear interpolation between ranks).</summary>
internal readonly record struct Spread(double Median, double Low, double High)
{
    public static Spread Of(IEnumerable<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return new Spread(Percentile(sorted, 0.5), Percentile(sorted, 0.25), Percentile(sorted, 0.75));
    }

    /// <summary>Whether <paramref name="value"/> lies between the 25th and the 75th percentile.</summary>
    public bool Spans(double value) => Low <= value && value <= High;

    /// <summary><c>1.12× (1.05–1.19)</c>: the median, then the 25th–75th percentiles.</summary>
    public string Format(int decimals, string suffix = "")
    {
        var format = "N" + decimals.ToString(CultureInfo.InvariantCulture);
        string F(double value) => value.ToString(format, CultureInfo.InvariantCulture);
        return $"{F(Median)}{suffix} ({F(Low)}–{F(High)})";
    }

    private static double Percentile(double[] sorted, double fraction)
    {
        if (sorted.Length == 0) return double.NaN;
        var rank = fraction * (sorted.Length - 1);
        var below = (int)Math.Floor(rank);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
    }
}
