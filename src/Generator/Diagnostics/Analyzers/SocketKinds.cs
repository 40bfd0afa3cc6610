using Microsoft.CodeAnalysis;

namespace ZeroContracts.Generator.Diagnostics.Analyzers;

/// <summary>Maps NetMQ socket classes to <see cref="SocketKind"/>, by metadata name so NetMQ need not be referenced.</summary>
internal static class SocketKinds
{
    public static SocketKind? Of(ITypeSymbol? type)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (current.ContainingNamespace?.ToDisplayString() != "NetMQ.Sockets") continue;
            switch (current.Name)
            {
                case "RequestSocket": return SocketKind.Request;
                case "ResponseSocket": return SocketKind.Response;
                case "PublisherSocket": return SocketKind.Publisher;
                case "SubscriberSocket": return SocketKind.Subscriber;
                case "PushSocket": return SocketKind.Push;
                case "PullSocket": return SocketKind.Pull;
            }
        }

        return null;
    }

    public static string ClassName(SocketKind kind) => kind switch
    {
        SocketKind.Request => "RequestSocket",
        SocketKind.Response => "ResponseSocket",
        SocketKind.Publisher => "PublisherSocket",
        SocketKind.Subscriber => "SubscriberSocket",
        SocketKind.Push => "PushSocket",
        _ => "PullSocket",
    };

    /// <summary>The socket on the other end of the pattern: where the refused operation belongs.</summary>
    public static SocketKind Peer(SocketKind kind) => kind switch
    {
        SocketKind.Request => SocketKind.Response,
        SocketKind.Response => SocketKind.Request,
        SocketKind.Publisher => SocketKind.Subscriber,
        SocketKind.Subscriber => SocketKind.Publisher,
        SocketKind.Push => SocketKind.Pull,
        _ => SocketKind.Push,
    };

    public static bool CanSend(SocketKind kind) => kind is not (SocketKind.Subscriber or SocketKind.Pull);

    public static bool CanReceive(SocketKind kind) => kind is not (SocketKind.Publisher or SocketKind.Push);
}
