using System;

namespace ZeroContracts.Bench.Quick;

/// <summary>One measurement of one peer: the work it did (calls or messages), in how long, for how much process CPU.</summary>
/// <param name="Work">Calls made, or messages that arrived.</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="CpuSeconds">The whole process's processor time (every thread, both sides) over the same span.</param>
internal readonly record struct Sample(double Work, double Seconds, double CpuSeconds)
{
    /// <summary>Work per second.</summary>
    public double Rate => Work / Math.Max(Seconds, 1e-9);

    /// <summary>Both measurements added up, as if they were one.</summary>
    public static Sample operator +(Sample left, Sample right) =>
        new(left.Work + right.Work, left.Seconds + right.Seconds, left.CpuSeconds + right.CpuSeconds);
}
