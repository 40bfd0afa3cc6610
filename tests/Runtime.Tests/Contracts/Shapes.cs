using ZeroContracts;

namespace ZeroContracts.Runtime.Tests.Contracts;

/// <summary>A straightforward implementation of <see cref="IShapes"/> for the tests.</summary>
public sealed class Shapes : IShapes
{
    private int _calls;

    /// <summary>Completed when a slow call has started on the server.</summary>
    public TaskCompletionSource SlowStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completed when a slow call ran to its end and its reply was handed to the server.</summary>
    public TaskCompletionSource SlowCompleted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completed with true when a slow call saw its token cancelled.</summary>
    public TaskCompletionSource<bool> SlowEnded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task NoArgsAsync() => Count(Task.CompletedTask);

    public ValueTask NothingAsync(CancellationToken ct)
    {
        Interlocked.Increment(ref _calls);
        return ValueTask.CompletedTask;
    }

    public Task<string?> EchoStringAsync(string? text) => Count(Task.FromResult(text));

    public Task<byte[]?> EchoBytesAsync(byte[]? data) => Count(Task.FromResult(data));

    public async ValueTask<int> AddAsync(int a, int b)
    {
        Interlocked.Increment(ref _calls);
        await Task.Yield();
        return a + b;
    }

    public Task<Point> MoveAsync(Point point, int dx, int dy) => Count(Task.FromResult(point with { X = point.X + dx, Y = point.Y + dy }));

    public Task<Point?> MaybeAsync(bool give) => Count(Task.FromResult(give ? new Point(1, 2, "given") : null));

    public Task<List<Point>> LineAsync(int count, string label, CancellationToken ct = default) =>
        Count(Task.FromResult(Enumerable.Range(0, count).Select(i => new Point(i, i * 2, label)).ToList()));

    public Task<Dictionary<string, int>> CountWordsAsync(string[] words) =>
        Count(Task.FromResult(words.GroupBy(w => w).ToDictionary(g => g.Key, g => g.Count())));

    public Task<string> DescribeAsync(string text, byte[] data, Kind kind, double? ratio, string? note) =>
        Count(Task.FromResult($"{text}|{Convert.ToHexString(data)}|{kind}|{ratio?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}|{note ?? "null"}"));

    public Task<int> WithDefaultAsync(int value, int offset = 10) => Count(Task.FromResult(value + offset));

    public ValueTask<long> EchoLongAsync(long value) => ValueTask.FromResult(value);

    public async Task<string> SlowAsync(int milliseconds, CancellationToken ct)
    {
        SlowStarted.TrySetResult();
        try
        {
            await Task.Delay(milliseconds, ct);
            SlowCompleted.TrySetResult();
            return "done";
        }
        catch (OperationCanceledException)
        {
            SlowEnded.TrySetResult(true);
            throw;
        }
    }

    public Task FailWithCodeAsync(string code, string message) => throw new RemoteException(code, message);

    public Task<int> ThrowAsync(string message) => throw new InvalidOperationException(message);

    public Task<int> CallCountAsync() => Task.FromResult(Volatile.Read(ref _calls));

    public Task<byte[]> ResizeAsync(byte[] request, int replySize) =>
        Task.FromResult(Enumerable.Range(0, replySize).Select(i => (byte)(request[i % request.Length] ^ i)).ToArray());

    private T Count<T>(T value)
    {
        Interlocked.Increment(ref _calls);
        return value;
    }
}
