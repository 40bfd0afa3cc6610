namespace Pipeline;

/// <summary>A worker: checks a candidate and pushes the answer to the sink.</summary>
public sealed class PrimeWorker(string name, IResults sink) : IPrimeWork
{
    public void Check(long candidate) => sink.Done(name, candidate, IsPrime(candidate));

    private static bool IsPrime(long n)
    {
        if (n < 2) return false;
        for (long d = 2; d * d <= n; d++)
        {
            if (n % d == 0) return false;
        }

        return true;
    }
}
