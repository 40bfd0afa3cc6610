using System.Collections.Concurrent;
using ZeroContracts;

namespace ZeroContracts.Runtime.Tests.Contracts;

/// <summary>A pipeline contract with a single-value, a multi-value and a failing method.</summary>
[Pipeline]
public interface IWork
{
    void Do(int id);

    void Add(int id, string label);

    void Fail(string why);
}

/// <summary>The Bare pipeline: one frame holding one string.</summary>
[Pipeline(Framing = Framing.Bare)]
public interface ILines
{
    void Line(string text);
}

/// <summary>Collects lines.</summary>
public sealed class LineCollector : ILines
{
    public System.Threading.Channels.Channel<string> Lines { get; } = System.Threading.Channels.Channel.CreateUnbounded<string>();

    public void Line(string text) => Lines.Writer.TryWrite(text);
}

/// <summary>A worker that records the ids it handled; <see cref="Gate"/> can hold it inside a handler.</summary>
public sealed class Worker : IWork
{
    private int _handled;

    /// <param name="done">Shared by several workers to wait for their total; a new one when null.</param>
    public Worker(SemaphoreSlim? done = null) => Done = done ?? new SemaphoreSlim(0);

    public ConcurrentQueue<int> Ids { get; } = new();

    public ConcurrentQueue<string> Labels { get; } = new();

    /// <summary>Each handler waits for this (boundedly) when set.</summary>
    public ManualResetEventSlim? Gate { get; set; }

    public int Handled => Volatile.Read(ref _handled);

    /// <summary>Signalled each time a handler finishes.</summary>
    public SemaphoreSlim Done { get; }

    /// <summary>Released each time <see cref="Do"/> starts, before it waits for <see cref="Gate"/>.</summary>
    public SemaphoreSlim Entered { get; } = new(0);

    public void Do(int id)
    {
        Entered.Release();
        Gate?.Wait(Support.Bounded.Wait);
        Ids.Enqueue(id);
        Finish();
    }

    public void Add(int id, string label)
    {
        Labels.Enqueue($"{id}:{label}");
        Finish();
    }

    public void Fail(string why)
    {
        Finish();
        throw new InvalidOperationException(why);
    }

    /// <summary>Waits until <paramref name="count"/> handler calls have finished in total.</summary>
    public async Task WaitForAsync(int count)
    {
        using var timeout = new CancellationTokenSource(Support.Bounded.Wait);
        while (Handled < count) await Done.WaitAsync(timeout.Token);
    }

    private void Finish()
    {
        Interlocked.Increment(ref _handled);
        Done.Release();
    }
}
