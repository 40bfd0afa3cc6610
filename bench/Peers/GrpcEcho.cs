using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Google.Protobuf;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ZeroContracts.Bench.Protos;

namespace ZeroContracts.Bench.Peers;

/// <summary>gRPC .NET unary calls: Kestrel serving h2c on a free loopback port in this process, and a Grpc.Net.Client channel.</summary>
public sealed class GrpcEcho : IEchoPeer
{
    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;
    private readonly Echo.EchoClient _client;
    private readonly Payload _payload;
    private readonly int _size;

    private GrpcEcho(WebApplication app, GrpcChannel channel, int payloadSize)
    {
        _app = app;
        _channel = channel;
        _client = new Echo.EchoClient(channel);
        _size = payloadSize;
        _payload = new Payload { Data = ByteString.CopyFrom(Payloads.Create(payloadSize)) };
    }

    /// <summary>Starts Kestrel and connects a channel.</summary>
    public static async Task<GrpcEcho> StartAsync(int payloadSize)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(static kestrel => kestrel.Listen(IPAddress.Loopback, 0, static listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        var app = builder.Build();
        app.MapGrpcService<GrpcEchoService>();
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        // Several HTTP/2 connections, so 256 outstanding calls are not held back by one connection's stream limit.
        var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
            MaxReceiveMessageSize = null,
        });
        return new GrpcEcho(app, channel, payloadSize);
    }

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
            var reply = await _client.EchoAsync(_payload).ResponseAsync.ConfigureAwait(false);
            Payloads.Check(_size, reply.Data.Length);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _channel.Dispose();
        _app.StopAsync().GetAwaiter().GetResult();
        ((IDisposable)_app).Dispose();
    }
}
