using ZeroContracts.Bench.Contracts;

namespace ZeroContracts.Bench.Peers;

/// <summary>The hand-written DEALER client against the generated server: what the typed server side costs alone.</summary>
public static class RawClientTypedServer
{
    /// <summary>Starts a generated server and connects a raw client to it.</summary>
    public static RawDealerClient Create(int payloadSize)
    {
        var server = new EchoServer(new EchoService(), "tcp://127.0.0.1:*");
        server.Start();
        return new RawDealerClient(server.Endpoint, payloadSize, server);
    }
}
