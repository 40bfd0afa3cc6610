namespace ZeroContracts.Runtime.Tests.Support;

/// <summary>Endpoints for each transport, unique per call so tests never share or fix a port or name.</summary>
public static class Transports
{
    public static TheoryData<string> All => new() { "tcp", "ipc", "inproc" };

    /// <summary>A bind address for <paramref name="transport"/>: an ephemeral loopback port, a fresh ipc path or inproc name.</summary>
    public static string BindAddress(string transport) => transport switch
    {
        "tcp" => "tcp://127.0.0.1:*",
        "ipc" => $"ipc://{Path.Combine(Path.GetTempPath(), $"zc-{Guid.NewGuid():N}.ipc")}",
        "inproc" => $"inproc://zc-{Guid.NewGuid():N}",
        _ => throw new ArgumentOutOfRangeException(nameof(transport), transport, null),
    };
}
