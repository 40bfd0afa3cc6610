using System.Collections.Concurrent;

namespace ZeroContracts.Security.Tests.Curve;

/// <summary>A Typed pipeline contract carried over CURVE.</summary>
[Pipeline]
public interface IJobs
{
    void Run(int id);
}

/// <summary>Records the ids it handled; workers that share a <see cref="JobCounter"/> can be waited for together.</summary>
public sealed class JobWorker(JobCounter counter) : IJobs
{
    public ConcurrentQueue<int> Ids { get; } = new();

    public void Run(int id)
    {
        Ids.Enqueue(id);
        counter.Add();
    }
}
