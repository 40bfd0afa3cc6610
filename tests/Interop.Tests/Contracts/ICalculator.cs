using ZeroContracts;

namespace ZeroContracts.Interop.Tests.Contracts;

/// <summary>A contract that calculator_peer.py serves from the protocol document alone.</summary>
[ReqRep]
public interface ICalculator
{
    Task<int> AddAsync(int a, int b);

    Task<string> GreetAsync(string name);

    Task<Point2> CentroidAsync(Point2[] points, CancellationToken ct = default);

    ValueTask<double> DivideAsync(double dividend, double divisor);

    Task ClearAsync();

    Task<int> MissingAsync();
}

public sealed record Point2(double X, double Y);
