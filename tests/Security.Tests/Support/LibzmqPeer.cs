using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using ZeroContracts.Interop.Tests.Support;

namespace ZeroContracts.Security.Tests.Support;

/// <summary>Runs curve_peer.py (libzmq through Debian's python3-zmq) and the TCP plumbing around it.</summary>
public static class LibzmqPeer
{
    private const string Python = "/usr/bin/python3";

    public static RunningProcess Start(params string[] arguments)
    {
        File.Exists(Python).ShouldBeTrue($"{Python} with python3-zmq is needed (tests/run.sh installs it)");
        return RunningProcess.Start(Python, new[] { "-u", Path.Combine(AppContext.BaseDirectory, "curve_peer.py") }.Concat(arguments));
    }

    public static TcpListener Listen(out string endpoint)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        endpoint = $"tcp://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        return listener;
    }

    internal static async Task<ZmtpConnection> AcceptAsync(TcpListener listener, CurveServerSettings settings)
    {
        var socket = await listener.AcceptTcpClientAsync().WaitAsync(Keys.Wait);
        return await ZmtpConnection.AcceptAsync(socket.GetStream(), settings, CancellationToken.None).WaitAsync(Keys.Wait);
    }

    public static string Value(string line) => line[(line.IndexOf(' ') + 1)..];

    public static string Show(params byte[][] frames) =>
        string.Join(",", frames.Select(f => f.Length <= 64 ? Convert.ToHexStringLower(f) : $"#{f.Length}:{Convert.ToHexStringLower(SHA256.HashData(f))}"));
}
