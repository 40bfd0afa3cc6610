using System.ComponentModel;
using System.Threading.Tasks;

namespace ZeroContracts.Rpc;

/// <summary>Runs one operation of <typeparamref name="TService"/>: reads the arguments from the call, invokes the service, writes the result.</summary>
/// <typeparam name="TService">The contract interface.</typeparam>
/// <param name="service">The implementation being served.</param>
/// <param name="call">The request and the place for the reply.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate ValueTask OperationHandler<in TService>(TService service, ServerCall call);
