using System.Threading.Tasks;
using ZeroContracts.Bench.Contracts;

namespace ZeroContracts.Bench.Peers;

/// <summary>The generated <see cref="EchoClient"/> and <see cref="EchoServer"/> over loopback tcp.</summary>
public sealed class TypedEcho : IEchoPeer
{
    private readonly EchoServer _server;
    private readonly EchoClient _client;
    private readonly byte[] _payload;

    /// <summary>Starts a server on a free port and connects a client.</summary>
    public TypedEcho(int payloadSize)
    {
        _payload = Payloads.Create(payloadSize);
        _server = new EchoServer(new EchoService(), "tcp://127.0.0.1:*");
        _server.Start();
        _client = new EchoClient(_server.Endpoint);
    }

    /// <summary>The client, for benchmarks that call it one at a time.</summary>
    public EchoClient Client => _client;

    /// <summary>The payload sent.</summary>
    public byte[] Payload => _payload;

    /// <inheritdoc/>
    public Task RunAsync(int calls, int outstanding)
    {
        if (outstanding <= 1) return RunOneAsync(calls);
        var workers = new Task[outstanding];
        for (var w = 0; w < outstanding; w++) workers[w] = RunOneAsync(calls / outstanding + (w < calls % outstanding ? 1 : 0));
        return Task.WhenAll(workers);
    }

    private async Task RunOneAsync(int calls)
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
