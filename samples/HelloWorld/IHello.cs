using System.Threading;
using System.Threading.Tasks;
using ZeroContracts;

namespace HelloWorld;

/// <summary>
/// The seed's hello/world exchange as a contract. Bare framing sends the string as the only frame each way, which
/// is what the seed's server.py and client.py send and expect, so either side can be the Python program.
/// </summary>
[ReqRep(Framing = Framing.Bare)]
public interface IHello
{
    /// <summary>Sends a greeting and returns the answer.</summary>
    Task<string> SayAsync(string message, CancellationToken ct = default);
}
