namespace ZeroContracts.Bench.Quick;

/// <summary>A peer's best round (<see cref="SetResults.Best"/>).</summary>
/// <param name="Total">Its measurements in the best round, added up.</param>
/// <param name="Measurements">How many measurements that round holds.</param>
/// <param name="LowestCpuPerWork">Process CPU seconds per call or message, lowest of all the rounds (not only the best).</param>
internal readonly record struct Round(Sample Total, int Measurements, double LowestCpuPerWork);
