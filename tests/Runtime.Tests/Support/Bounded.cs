namespace ZeroContracts.Runtime.Tests.Support;

/// <summary>Every wait in the tests goes through here, so a broken runtime fails a test instead of hanging the run.</summary>
public static class Bounded
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Wait);

    public static Task Within(this Task task) => task.WaitAsync(Wait);

    public static Task<T> Within<T>(this ValueTask<T> task) => task.AsTask().WaitAsync(Wait);

    public static Task Within(this ValueTask task) => task.AsTask().WaitAsync(Wait);
}
