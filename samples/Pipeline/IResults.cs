using ZeroContracts;

namespace Pipeline;

/// <summary>What workers send to the sink.</summary>
[Pipeline]
public interface IResults
{
    /// <summary>One task is done.</summary>
    void Done(string worker, long candidate, bool isPrime);
}
