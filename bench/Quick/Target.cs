using System.Globalization;

namespace ZeroContracts.Bench.Quick;

/// <summary>An issue 6 target on one ratio of a row: at most, or at least, <paramref name="Bound"/>.</summary>
/// <param name="Ratio">Which ratio, as the table names it (<c>typed/raw</c>).</param>
/// <param name="Bound">The limit.</param>
/// <param name="AtMost">Whether the ratio must stay at or below the bound (a time) rather than reach it (a rate).</param>
/// <param name="Unit">Printed after the bound (<c>×</c> for latency ratios).</param>
internal sealed record Target(string Ratio, double Bound, bool AtMost, string Unit = "")
{
    public string Label => $"{Ratio} {(AtMost ? "≤" : "≥")} {Bound.ToString(CultureInfo.InvariantCulture)}{Unit}";

    public bool MetBy(double ratio) => AtMost ? ratio <= Bound : ratio >= Bound;

    /// <summary>
    /// <c>yes</c> or <c>NO</c> for the paired median, then whether the median's 95% interval lies wholly on that side of
    /// the bound (<c>shown</c>) or spans it (<c>not shown</c>: one run cannot tell), with the interval; and whether the
    /// old best/best ratio would have said the opposite.
    /// </summary>
    public string Verdict(Spread paired, double bestOverBest)
    {
        var verdict = MetBy(paired.Median) ? "yes" : "NO";
        if (paired.HasMedianInterval)
        {
            var shown = MetBy(paired.MedianLow) == MetBy(paired.MedianHigh);
            verdict += string.Create(CultureInfo.InvariantCulture, $", {(shown ? "shown" : "not shown")} (95% of median {paired.MedianLow:F2}–{paired.MedianHigh:F2})");
        }
        else if (paired.Spans(Bound))
        {
            verdict += ", within p25–p75";
        }

        if (MetBy(bestOverBest) != MetBy(paired.Median)) verdict += $" (best/best: {(MetBy(bestOverBest) ? "yes" : "no")})";
        return verdict;
    }
}
