using System.Threading.Tasks;
using Grpc.Core;
using ZeroContracts.Bench.Protos;

namespace ZeroContracts.Bench.Peers;

/// <summary>The gRPC twin of <see cref="Contracts.EchoService"/>.</summary>
public sealed class GrpcEchoService : Echo.EchoBase
{
    /// <inheritdoc/>
    public override Task<Payload> Echo(Payload request, ServerCallContext context) => Task.FromResult(request);
}
