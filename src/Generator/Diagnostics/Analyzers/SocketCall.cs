using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ZeroContracts.Generator.Diagnostics.Analyzers;

/// <summary>
/// A call to one of NetMQ's send/receive extension methods (OutgoingSocketExtensions, ReceivingSocketExtensions) or
/// to a socket's own TrySend/TryReceive/Subscribe: what it does, whether it is a Try* call that may do nothing, and
/// the expression naming the socket.
/// </summary>
internal sealed record SocketCall(IInvocationOperation Invocation, SocketCallKind Kind, bool IsTry, IOperation Socket)
{
    public static SocketCall? Classify(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        if (type is null) return null;

        IOperation? socket;
        var ns = type.ContainingNamespace?.ToDisplayString();
        if (ns == "NetMQ" && type.Name is "OutgoingSocketExtensions" or "ReceivingSocketExtensions" && method.IsExtensionMethod && invocation.Arguments.Length > 0)
        {
            socket = invocation.Arguments[0].Value;
        }
        else if (invocation.Instance is not null && (ns == "NetMQ" || ns == "NetMQ.Sockets") && method.Name is "TrySend" or "TryReceive" or "Subscribe" or "SubscribeToAnyTopic")
        {
            socket = invocation.Instance;
        }
        else
        {
            return null;
        }

        var name = method.Name;
        var isTry = name.StartsWith("Try", StringComparison.Ordinal);
        var bare = isTry ? name.Substring(3) : name;
        SocketCallKind? kind = bare switch
        {
            "Subscribe" or "SubscribeToAnyTopic" => SocketCallKind.Subscribe,
            "SendMoreFrame" or "SendMoreFrameEmpty" or "SendRoutingKeys" or "SendEmptyRoutingKeys" => SocketCallKind.SendMore,
            "SendMultipartBytes" or "SendMultipartMessage" or "Signal" or "SignalOK" or "SignalError" => SocketCallKind.SendFinal,
            "Send" or "SendFrame" or "SendFrameEmpty" => MoreArgument(invocation),
            "ReceiveMultipartBytes" or "ReceiveMultipartMessage" or "ReceiveMultipartStrings" or "SkipMultipartMessage" or "ReceiveSignal" => SocketCallKind.ReceiveMessage,
            _ when bare.StartsWith("Receive", StringComparison.Ordinal) || bare.StartsWith("Skip", StringComparison.Ordinal) => SocketCallKind.ReceiveFrame,
            _ => null,
        };
        return kind is null ? null : new SocketCall(invocation, kind.Value, isTry, socket);
    }

    public bool IsSend => Kind is SocketCallKind.SendFinal or SocketCallKind.SendMore or SocketCallKind.SendMaybeMore;

    public bool IsReceive => Kind is SocketCallKind.ReceiveFrame or SocketCallKind.ReceiveMessage;

    /// <summary>The expression the call is made on, through chained SendMoreFrame(...).SendFrame(...) calls and conversions.</summary>
    public IOperation RootSocket
    {
        get
        {
            var current = Unwrap(Socket);
            while (current is IInvocationOperation inner && Classify(inner) is { IsSend: true } previous) current = Unwrap(previous.Socket);
            return current;
        }
    }

    public static IOperation Unwrap(IOperation operation)
    {
        while (operation is IConversionOperation conversion) operation = conversion.Operand;
        return operation;
    }

    /// <summary>SendFrame(..., more: true) continues the message; a more flag that is not a constant may do either.</summary>
    private static SocketCallKind MoreArgument(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name != "more") continue;
            if (argument.ArgumentKind == ArgumentKind.DefaultValue) return SocketCallKind.SendFinal;
            return argument.Value.ConstantValue is { HasValue: true, Value: bool more }
                ? more ? SocketCallKind.SendMore : SocketCallKind.SendFinal
                : SocketCallKind.SendMaybeMore;
        }

        return SocketCallKind.SendFinal;
    }
}
