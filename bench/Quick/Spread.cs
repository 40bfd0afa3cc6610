using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ZeroContracts.Bench.Quick;

/// <summary>
/// The median of some values and their 25th and 75th percentiles (linear interpolation between ranks), and an approximate
/// 95% interval of the median (<see cref="MedianLow"/>–<see cref="MedianHigh"/>).
/// </summary>
internal readonly record struct Spread(double Median, double Low, double High)
{
    /// <summary>The low end of the median's 95% interval; NaN when not computed.</summary>
    public double MedianLow { get; init; } = double.NaN;

    /// <summary>The high end of the median's 95% interval; NaN when not computed.</summary>
    public double MedianHigh { get; init; } = double.NaN;

    public static Spread Of(IEnumerable<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var (low, high) = MedianInterval(sorted);
        return new Spread(Percentile(sorted, 0.5), Percentile(sorted, 0.25), Percentile(sorted, 0.75)) { MedianLow = low, MedianHigh = high };
    }

    /// <summary>
    /// An approximate 95% interval of the median of <paramref name="sorted"/> from order statistics (the ranks
    /// n/2 ± 0.98 √n, the normal approximation of the binomial); it treats the sets as independent draws, which the
    /// machine's minutes-long states make them not quite, so it is a little narrower than the truth.
    /// </summary>
    internal static (double Low, double High) MedianInterval(double[] sorted)
    {
        if (sorted.Length == 0) return (double.NaN, double.NaN);
        var n = sorted.Length;
        var half = 0.98 * Math.Sqrt(n);
        return (sorted[Math.Clamp((int)Math.Floor(n / 2.0 - half), 0, n - 1)], sorted[Math.Clamp((int)Math.Ceiling(n / 2.0 + half), 0, n - 1)]);
    }

    /// <summary>Whether the median's 95% interval has been computed.</summary>
    public bool HasMedianInterval => !double.IsNaN(MedianLow) && !double.IsNaN(MedianHigh);

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
