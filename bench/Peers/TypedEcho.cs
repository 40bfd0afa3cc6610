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
    /// <param name="payloadSize">Bytes echoed per call.</param>
    /// <param name="inline">
    /// Runs the server's handler and the client's continuation on their socket threads
    /// (<see cref="ServerOptions.RunHandlersInline"/>, <see cref="ClientOptions.RunContinuationsInline"/>) instead of the defaults.
    /// </param>
    public TypedEcho(int payloadSize, bool inline = false)
    {
        _payload = Payloads.Create(payloadSize);
        _server = new EchoServer(new EchoService(), "tcp://127.0.0.1:*", new ServerOptions { RunHandlersInline = inline });
        _server.Start();
        _client = new EchoClient(_server.Endpoint, new ClientOptions { RunContinuationsInline = inline });
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
