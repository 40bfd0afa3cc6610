using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ZeroContracts.Generator.Diagnostics.Analyzers;

/// <summary>
/// Checks raw NetMQ code written next to the generated stubs: REQ/REP send/receive order along the method's control-flow
/// graph (ZC3001-ZC3004), sends on receive-only and receives on send-only sockets (ZC3005, ZC3006), SUB sockets that
/// receive before subscribing (ZC3007) and multipart messages left open (ZC3008). State is followed within one method,
/// for sockets held in its locals, its parameters and the fields of its own object; it is never carried across methods.
/// Each lambda and local function is a method of its own here: its own control-flow graph, where the sockets it
/// captures start in an unknown state, like fields.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SocketOrderingAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.RequestSentTwice,
        Descriptors.ReceiveBeforeRequest,
        Descriptors.ReplyBeforeRequest,
        Descriptors.RequestReceivedTwice,
        Descriptors.SendOnReceiveOnlySocket,
        Descriptors.ReceiveOnSendOnlySocket,
        Descriptors.ReceiveWithoutSubscription,
        Descriptors.UnfinishedMultipartMessage);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            // Nothing to follow in a project that does not use NetMQ's sockets.
            if (start.Compilation.GetTypeByMetadataName("NetMQ.OutgoingSocketExtensions") is null) return;
            start.RegisterOperationAction(AnalyzeDirection, OperationKind.Invocation);
            start.RegisterOperationBlockAction(AnalyzeBlock);
        });
    }

    /// <summary>ZC3005/ZC3006 follow from the socket's type alone, so they are reported wherever the socket comes from.</summary>
    private static void AnalyzeDirection(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (SocketCall.Classify(invocation) is not { } call || call.Kind == SocketCallKind.Subscribe) return;

        var socket = call.RootSocket;
        if (SocketKinds.Of(socket.Type) is not { } kind) return;

        var descriptor = call.IsSend && !SocketKinds.CanSend(kind) ? Descriptors.SendOnReceiveOnlySocket
            : call.IsReceive && !SocketKinds.CanReceive(kind) ? Descriptors.ReceiveOnSendOnlySocket
            : null;
        if (descriptor is null) return;

        context.ReportDiagnostic(Diagnostic.Create(descriptor, invocation.Syntax.GetLocation(),
            socket.Syntax.ToString(), SocketKinds.ClassName(kind), invocation.TargetMethod.Name, SocketKinds.ClassName(SocketKinds.Peer(kind))));
    }

    private static void AnalyzeBlock(OperationBlockAnalysisContext context)
    {
        var containingType = context.OwningSymbol.ContainingType;
        var roots = new HashSet<IOperation>();
        foreach (var block in context.OperationBlocks)
        {
            // Method, constructor, accessor and top-level statement bodies; initializers hold no statements to order.
            if (block is not (IMethodBodyOperation or IConstructorBodyOperation or IBlockOperation)) continue;
            var root = block;
            while (root.Parent is not null) root = root.Parent;
            if (!roots.Add(root)) continue;
            if (!root.Descendants().Any(static o => o is IInvocationOperation invocation && SocketCall.Classify(invocation) is not null)) continue;

            SocketFlowAnalysis.Run(context.GetControlFlowGraph(block), containingType, context.ReportDiagnostic, context.CancellationToken);
        }
    }
}
