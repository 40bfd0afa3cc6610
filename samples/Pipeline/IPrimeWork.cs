using ZeroContracts;

namespace Pipeline;

/// <summary>The ventilator's tasks: each is handed to exactly one worker.</summary>
[Pipeline]
public interface IPrimeWork
{
    /// <summary>Checks whether <paramref name="candidate"/> is prime.</summary>
    void Check(long candidate);
}
