namespace ZeroContracts.Security.Tests.Curve;

/// <summary>A Typed request/reply contract served over CURVE.</summary>
[ReqRep]
public interface IGreeter
{
    Task<string> HelloAsync(string name, CancellationToken ct = default);
}

/// <summary>Counts its calls, so a test can prove that a refused peer ran no handler.</summary>
public sealed class Greeter : IGreeter
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public Task<string> HelloAsync(string name, CancellationToken ct = default)
    {
        Interlocked.Increment(ref _calls);
        return Task.FromResult("hello " + name);
    }
}
