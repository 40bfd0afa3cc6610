using System.Threading.Tasks;

namespace ZeroContracts.Bench.Contracts;

/// <summary>Answers at once, so a benchmark measures the messaging and nothing else.</summary>
public sealed class EchoService : IEcho
{
    /// <inheritdoc/>
    public ValueTask<byte[]> EchoAsync(byte[] payload) => new(payload);
}
