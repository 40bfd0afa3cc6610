namespace ZeroContracts.Security.Tests.Support;

/// <summary>A server and a client connected over an in-memory duplex stream, handshake done.</summary>
public sealed class Pair : IAsyncDisposable
{
    private Pair(ZmtpConnection server, ZmtpConnection client)
    {
        Server = server;
        Client = client;
    }

    internal ZmtpConnection Server { get; }

    internal ZmtpConnection Client { get; }

    internal static async Task<Pair> ConnectAsync(CurveServerSettings server, CurveClientSettings client)
    {
        var (serverStream, clientStream) = DuplexStream.CreatePair();
        var accept = ZmtpConnection.AcceptAsync(serverStream, server, CancellationToken.None);
        var connect = ZmtpConnection.ConnectAsync(clientStream, client, CancellationToken.None);
        await Task.WhenAll(accept, connect).WaitAsync(Keys.Wait);
        return new Pair(accept.Result, connect.Result);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Client.DisposeAsync();
    }
}
