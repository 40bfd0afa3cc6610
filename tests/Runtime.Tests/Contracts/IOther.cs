using ZeroContracts;

namespace ZeroContracts.Runtime.Tests.Contracts;

/// <summary>A contract whose operations a <see cref="ShapesServer"/> does not have.</summary>
[ReqRep]
public interface IOther
{
    Task<int> NotOnShapesAsync();
}
