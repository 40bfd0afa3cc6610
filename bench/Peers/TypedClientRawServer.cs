using System.Threading.Tasks;
using ZeroContracts.Bench.Contracts;

namespace ZeroContracts.Bench.Peers;

/// <summary>The generated client against the hand-written ROUTER server: what the typed client side costs alone.</summary>
public sealed class TypedClientRawServer : IEchoPeer
{
    private readonly RawRouterEcho _server = new();
    private readonly EchoClient _client;
    private readonly byte[] _payload;

    /// <summary>Starts the raw server and connects a typed client.</summary>
    /// <param name="payloadSize">Bytes echoed per call.</param>
    /// <param name="inline">Resumes the caller on the client's socket thread (<see cref="ClientOptions.RunContinuationsInline"/>).</param>
    public TypedClientRawServer(int payloadSize, bool inline = false)
    {
        _payload = Payloads.Create(payloadSize);
        _client = new EchoClient(_server.Endpoint, new ClientOptions { RunContinuationsInline = inline });
    }

    /// <summary>The raw server, whose own thread's allocations are not the typed client's.</summary>
    public RawRouterEcho Server => _server;

    /// <inheritdoc/>
    public async Task RunAsync(int calls, int outstanding)
    {
        for (var i = 0; i < calls; i++)
        {
            var reply = await _client.EchoAsync(_payload).ConfigureAwait(false);
            Payloads.Check(_payload.Length, reply.Length);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }
}
