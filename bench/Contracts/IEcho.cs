using System.Threading.Tasks;

namespace ZeroContracts.Bench.Contracts;

/// <summary>The benchmark contract: the payload goes out as one body frame and comes back as it went.</summary>
[ReqRep]
public interface IEcho
{
    /// <summary>Returns <paramref name="payload"/>.</summary>
    ValueTask<byte[]> EchoAsync(byte[] payload);
}
