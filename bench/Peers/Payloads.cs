using System;

namespace ZeroContracts.Bench.Peers;

/// <summary>Benchmark payloads: deterministic bytes of a given size.</summary>
public static class Payloads
{
    /// <summary>A payload of <paramref name="size"/> bytes.</summary>
    public static byte[] Create(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Checks a reply; a benchmark that echoes the wrong thing measures nothing.</summary>
    public static void Check(int expected, int actual)
    {
        if (expected != actual) throw new InvalidOperationException($"Expected a {expected} byte reply, got {actual} bytes.");
    }
}
