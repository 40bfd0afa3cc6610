namespace ZeroContracts.Runtime.Tests.Support;

/// <summary>Starting many calls so that they reach the client's socket thread together, which is when it batches them.</summary>
public static class Bursts
{
    private const int MaxWarmUps = 50;

    /// <summary>
    /// Makes a warm-up call, then starts <paramref name="count"/> calls at once from the code that resumes after it. With
    /// <see cref="ClientOptions.RunContinuationsInline"/> that code runs on the client's socket thread while it reads
    /// replies, so every call is queued before it sends any: they go out together, in a batch when the peer takes them
    /// (docs/protocol.md 2.7). A warm-up that completed before it was awaited resumes on the test's own thread instead,
    /// so it is repeated until one resumes on the socket thread. Returns the started calls.
    /// </summary>
    public static async Task<Task<T>[]> StartAfter<TFirst, T>(Func<Task<TFirst>> warmUp, Func<int, Task<T>> start, int count, bool onSocketThread = true)
    {
        for (var attempt = 1; ; attempt++)
        {
            // Not resumed through the test framework's synchronization context, which would move it off the socket thread.
            await warmUp().ConfigureAwait(false);
            if (!onSocketThread || (Thread.CurrentThread.Name ?? "").StartsWith("ZeroContracts client", StringComparison.Ordinal)) break;
            attempt.ShouldBeLessThan(MaxWarmUps, "no warm-up call resumed on the client's socket thread");
        }

        return Enumerable.Range(0, count).Select(start).ToArray();
    }
}
