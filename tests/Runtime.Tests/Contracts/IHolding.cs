using ZeroContracts;

namespace ZeroContracts.Runtime.Tests.Contracts;

/// <summary>A contract with a handler that blocks its thread until released, as a handler doing synchronous I/O does.</summary>
[ReqRep]
public interface IHolding
{
    Task<int> HoldAsync(int id);

    Task<int> QuickAsync(int id);
}

/// <summary><see cref="HoldAsync"/> blocks, without awaiting, until <see cref="Release"/> (or a bound, so a failing test cannot hang).</summary>
public sealed class Holding : IHolding
{
    private readonly ManualResetEventSlim _released = new();

    public void Release() => _released.Set();

    public Task<int> HoldAsync(int id) => Task.FromResult(_released.Wait(TimeSpan.FromSeconds(30)) ? id : -1);

    public Task<int> QuickAsync(int id) => Task.FromResult(id);
}
