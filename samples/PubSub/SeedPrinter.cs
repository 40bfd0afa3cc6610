using System;
using System.Threading;
using System.Threading.Tasks;

namespace PubSub;

/// <summary>The seed subscriber's loop body: print each message; finish after <c>count</c> of them.</summary>
public sealed class SeedPrinter(int count) : ISeedFeed
{
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _received;

    /// <summary>Completes when <c>count</c> messages have been printed.</summary>
    public Task Finished => _finished.Task;

    public void Publish(string message)
    {
        Console.WriteLine($"(subscriber1)接收到'发布者'发送的消息:{message}");
        if (Interlocked.Increment(ref _received) >= count) _finished.TrySetResult();
    }
}
