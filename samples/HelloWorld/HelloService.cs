using System;
using System.Threading;
using System.Threading.Tasks;

namespace HelloWorld;

/// <summary>The seed's server loop body: count the request, print it, take a moment, answer "world!".</summary>
public sealed class HelloService(TimeSpan delay) : IHello
{
    private int _count;

    public async Task<string> SayAsync(string message, CancellationToken ct = default)
    {
        var count = Interlocked.Increment(ref _count);
        Console.WriteLine($"received request. message:{message}; count:{count}");
        await Task.Delay(delay, ct);
        return "world!";
    }
}
