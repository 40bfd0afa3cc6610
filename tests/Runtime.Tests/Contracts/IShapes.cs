using ZeroContracts;

namespace ZeroContracts.Runtime.Tests.Contracts;

/// <summary>Every parameter and return shape a ReqRep contract may have.</summary>
[ReqRep]
public interface IShapes
{
    Task NoArgsAsync();

    ValueTask NothingAsync(CancellationToken ct);

    Task<string?> EchoStringAsync(string? text);

    Task<byte[]?> EchoBytesAsync(byte[]? data);

    ValueTask<int> AddAsync(int a, int b);

    Task<Point> MoveAsync(Point point, int dx, int dy);

    Task<Point?> MaybeAsync(bool give);

    Task<List<Point>> LineAsync(int count, string label, CancellationToken ct = default);

    Task<Dictionary<string, int>> CountWordsAsync(string[] words);

    Task<string> DescribeAsync(string text, byte[] data, Kind kind, double? ratio, string? note);

    Task<int> WithDefaultAsync(int value, int offset = 10);

    [Operation("echo.int")]
    ValueTask<long> EchoLongAsync(long value);

    Task<string> SlowAsync(int milliseconds, CancellationToken ct);

    Task FailWithCodeAsync(string code, string message);

    Task<int> ThrowAsync(string message);

    Task<int> CallCountAsync();

    /// <summary>Answers with <paramref name="replySize"/> bytes derived from the request.</summary>
    Task<byte[]> ResizeAsync(byte[] request, int replySize);
}

public sealed record Point(int X, int Y, string? Label = null);

public enum Kind
{
    Small,
    Large,
}
