using System;

namespace ZeroContracts;

/// <summary>
/// Marks an interface as a request/reply contract. The generator writes <c>{Name}Client</c>, which implements the
/// interface by calling a remote server, and <c>{Name}Server</c>, which serves an implementation of it.
/// </summary>
/// <remarks>
/// Every method must return <see cref="System.Threading.Tasks.Task"/>, <see cref="System.Threading.Tasks.Task{TResult}"/>,
/// <see cref="System.Threading.Tasks.ValueTask"/> or <see cref="System.Threading.Tasks.ValueTask{TResult}"/> and may end
/// with a <see cref="System.Threading.CancellationToken"/> parameter.
/// </remarks>
[AttributeUsage(AttributeTargets.Interface, AllowMultiple = false, Inherited = false)]
public sealed class ReqRepAttribute : Attribute
{
    /// <summary>The frame layout on the wire; <see cref="ZeroContracts.Framing.Typed"/> unless set.</summary>
    public Framing Framing { get; set; } = Framing.Typed;
}
