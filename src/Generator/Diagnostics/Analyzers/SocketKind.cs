namespace ZeroContracts.Generator.Diagnostics.Analyzers;

/// <summary>The NetMQ socket types whose use the ordering analyzer follows.</summary>
internal enum SocketKind
{
    Request,
    Response,
    Publisher,
    Subscriber,
    Push,
    Pull,
}
