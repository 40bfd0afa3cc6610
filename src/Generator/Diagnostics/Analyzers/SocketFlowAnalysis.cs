using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ZeroContracts.Generator.Diagnostics.Analyzers;

/// <summary>
/// A forward dataflow over the basic blocks of one control-flow graph: each block's entry state is the union of its
/// predecessors' exit states, iterated to a fixpoint (so loops are followed around), then every socket call is judged
/// once against the state that reaches it. A call that is wrong on only some of the paths reaching it is reported
/// "on some paths". Lambdas and local functions are analyzed as graphs of their own: a socket they capture is followed
/// inside them from an unknown state (as a field is in a method), and not at all in the code around them, which
/// cannot know when they run.
/// </summary>
internal sealed class SocketFlowAnalysis
{
    private readonly ControlFlowGraph _graph;
    private readonly ISet<ISymbol> _captured;
    private readonly INamedTypeSymbol? _containingType;
    private readonly Action<Diagnostic> _report;
    private readonly Dictionary<CaptureId, ISymbol> _captures = new();
    private readonly HashSet<ISymbol> _declared = new(SymbolEqualityComparer.Default);
    private readonly List<ControlFlowGraph> _nested = new();
    private bool _reporting;

    private SocketFlowAnalysis(ControlFlowGraph graph, INamedTypeSymbol? containingType, Action<Diagnostic> report)
    {
        _graph = graph;
        _captured = Captured(graph.OriginalOperation);
        _containingType = containingType;
        _report = report;
    }

    /// <summary>Analyzes <paramref name="graph"/> and the graphs of the lambdas and local functions inside it.</summary>
    public static void Run(ControlFlowGraph graph, INamedTypeSymbol? containingType, Action<Diagnostic> report, System.Threading.CancellationToken cancellationToken)
    {
        var pending = new Stack<ControlFlowGraph>();
        pending.Push(graph);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var analysis = new SocketFlowAnalysis(pending.Pop(), containingType, report);
            analysis.Analyze(cancellationToken);
            foreach (var nested in analysis._nested) pending.Push(nested);
        }
    }

    private void Analyze(System.Threading.CancellationToken cancellationToken)
    {
        var blocks = _graph.Blocks;
        var entry = new FlowState?[blocks.Length];
        entry[0] = FlowState.Entry;
        var work = new Queue<int>();
        var queued = new bool[blocks.Length];
        work.Enqueue(0);
        queued[0] = true;

        while (work.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var ordinal = work.Dequeue();
            queued[ordinal] = false;
            var block = blocks[ordinal];
            var (whenTrue, whenFalse) = Transfer(block, entry[ordinal]!);

            foreach (var (destination, state) in Successors(block, whenTrue, whenFalse, entry[ordinal]!))
            {
                var joined = FlowState.Join(entry[destination.Ordinal], state)!;
                if (joined.SameAs(entry[destination.Ordinal])) continue;
                entry[destination.Ordinal] = joined;
                if (!queued[destination.Ordinal])
                {
                    queued[destination.Ordinal] = true;
                    work.Enqueue(destination.Ordinal);
                }
            }
        }

        _reporting = true;
        foreach (var block in blocks)
        {
            if (entry[block.Ordinal] is { } state) Transfer(block, state);
        }

        foreach (var function in _graph.LocalFunctions) _nested.Add(_graph.GetLocalFunctionControlFlowGraph(function, cancellationToken));
        if (entry[blocks.Length - 1] is { } exit) ReportUnfinishedMessages(exit);
    }

    /// <summary>The blocks control can go to next, with the state each receives; a handler gets every state of its try block.</summary>
    private IEnumerable<(BasicBlock Destination, FlowState State)> Successors(BasicBlock block, FlowState whenTrue, FlowState whenFalse, FlowState entry)
    {
        var conditionalIsTrue = block.ConditionKind == ControlFlowConditionKind.WhenTrue;
        if (block.ConditionalSuccessor?.Destination is { } conditional) yield return (conditional, conditionalIsTrue ? whenTrue : whenFalse);
        if (block.FallThroughSuccessor?.Destination is { } next) yield return (next, block.ConditionKind == ControlFlowConditionKind.None || !conditionalIsTrue ? whenTrue : whenFalse);

        var both = FlowState.Join(FlowState.Join(whenTrue, whenFalse), entry)!;
        // A lambda's graph hangs below the enclosing method's regions: stop at this graph's root.
        for (var region = block.EnclosingRegion; region is not null && region != _graph.Root; region = region.EnclosingRegion)
        {
            if (region.Kind != ControlFlowRegionKind.Try || region.EnclosingRegion is not { } protectedRegion) continue;
            foreach (var handler in protectedRegion.NestedRegions)
            {
                if (handler != region) yield return (_graph.Blocks[handler.FirstBlockOrdinal], both);
            }
        }
    }

    /// <summary>Runs a block; the two states are those after its branch condition is true and false (equal without a Try* condition).</summary>
    private (FlowState WhenTrue, FlowState WhenFalse) Transfer(BasicBlock block, FlowState state)
    {
        foreach (var operation in block.Operations) state = Visit(operation, state);
        if (block.BranchValue is null) return (state, state);

        var condition = SocketCall.Unwrap(block.BranchValue);
        var negated = false;
        while (condition is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not)
        {
            condition = SocketCall.Unwrap(not.Operand);
            negated = !negated;
        }

        if (condition is IInvocationOperation invocation && SocketCall.Classify(invocation) is { IsTry: true } call && Tracked(call) is { } socket)
        {
            state = VisitChildren(invocation, state);
            var (success, failure) = Apply(call, socket, state);
            return negated ? (failure, success) : (success, failure);
        }

        state = Visit(block.BranchValue, state);
        return (state, state);
    }

    private FlowState Visit(IOperation operation, FlowState state)
    {
        if (operation is IFlowAnonymousFunctionOperation lambda)
        {
            if (_reporting) _nested.Add(_graph.GetAnonymousFunctionControlFlowGraph(lambda));
            return state;
        }

        state = VisitChildren(operation, state);
        switch (operation)
        {
            case IFlowCaptureOperation capture when Symbol(capture.Value) is { } captured:
                _captures[capture.Id] = captured;
                break;
            case IInvocationOperation invocation:
                if (SocketCall.Classify(invocation) is { } call && Tracked(call) is { } socket)
                {
                    var (success, failure) = Apply(call, socket, state);
                    state = call.IsTry ? FlowState.Join(success, failure)! : success;
                }
                else if (MayTouchFields(invocation))
                {
                    state = Forget(state, static s => s is IFieldSymbol);
                }

                break;
            case IArgumentOperation argument when Symbol(argument.Value) is { } escaped
                                                  && !(argument.Parent is IInvocationOperation parent && SocketCall.Classify(parent) is not null):
                state = state.With(escaped, SocketState.UnknownState);
                break;
            case ISimpleAssignmentOperation assignment:
                if (Symbol(assignment.Value) is { } aliased) state = state.With(aliased, SocketState.UnknownState);
                if (Symbol(assignment.Target) is { } target)
                {
                    if (assignment.Target is ILocalReferenceOperation { IsDeclaration: true }) _declared.Add(target);
                    state = state.With(target, SocketCall.Unwrap(assignment.Value) is IObjectCreationOperation { Type: var created } && SocketKinds.Of(created) is { } kind
                        ? SocketState.Fresh(kind)
                        : SocketState.UnknownState);
                }

                break;
        }

        return state;
    }

    private FlowState VisitChildren(IOperation operation, FlowState state)
    {
        foreach (var child in operation.ChildOperations) state = Visit(child, state);
        return state;
    }

    /// <summary>The state after <paramref name="call"/> succeeds, and after it does nothing (a Try* call that returned false).</summary>
    private (FlowState Success, FlowState Failure) Apply(SocketCall call, ISymbol socket, FlowState state)
    {
        var kind = SocketKinds.Of(socket.GetSymbolType())!.Value;
        var before = state[socket];
        var bits = 0;
        var bad = 0;
        var open = before.Open;

        if (call.Kind == SocketCallKind.Subscribe)
        {
            bits = (before.Bits & ~(SocketState.NotSubscribed | SocketState.NotSubscribedReported)) | SocketState.Subscribed;
        }
        else if (kind == SocketKind.Subscriber)
        {
            bits = before.Bits;
            if (call.IsReceive && (before.Bits & SocketState.NotSubscribed) != 0)
            {
                // Reported once: later receives on the same unsubscribed paths stay silent.
                bad = SocketState.NotSubscribed;
                bits = (bits & ~SocketState.NotSubscribed) | SocketState.NotSubscribedReported;
            }
        }
        else if (call.IsSend && !SocketKinds.CanSend(kind) || call.IsReceive && !SocketKinds.CanReceive(kind))
        {
            // Reported from the socket's type alone (SocketOrderingAnalyzer), wherever the socket comes from.
            return (state, state);
        }
        else
        {
            foreach (var bit in new[] { SocketState.Unknown, SocketState.Idle, SocketState.Sending, SocketState.Waiting, SocketState.Receiving })
            {
                if ((before.Bits & bit) == 0) continue;
                foreach (var callKind in call.Kind == SocketCallKind.SendMaybeMore ? new[] { SocketCallKind.SendFinal, SocketCallKind.SendMore } : new[] { call.Kind })
                {
                    var (next, isError) = Transition(kind, callKind, bit);
                    bits |= next;
                    if (isError) bad |= bit;
                }
            }

            if (call.IsSend)
            {
                open = call.Kind switch
                {
                    SocketCallKind.SendFinal => open.Clear(),
                    SocketCallKind.SendMore => open.Clear().Add(call.Invocation),
                    _ => open.Add(call.Invocation),
                };
            }
        }

        var fine = kind == SocketKind.Subscriber ? SocketState.Subscribed | SocketState.Unknown : ~bad;
        if (bad != 0 && _reporting) ReportOrder(call, kind, socket, onSomePaths: (before.Bits & fine) != 0);
        var success = state.With(socket, new SocketState(bits, open));
        return (success, state);
    }

    /// <summary>The state after one call on a socket in state <paramref name="bit"/>, and whether the call is wrong there.</summary>
    private static (int Next, bool IsError) Transition(SocketKind kind, SocketCallKind call, int bit)
    {
        const int U = SocketState.Unknown, I = SocketState.Idle, S = SocketState.Sending, W = SocketState.Waiting, R = SocketState.Receiving;
        return (kind, call) switch
        {
            (SocketKind.Request, SocketCallKind.SendFinal) => (W, bit == W),
            (SocketKind.Request, SocketCallKind.SendMore) => (S, bit == W),
            (SocketKind.Request, SocketCallKind.ReceiveFrame) => (R, bit is I or S),
            (SocketKind.Request, SocketCallKind.ReceiveMessage) => (I, bit is I or S),
            (SocketKind.Response, SocketCallKind.SendFinal) => (I, bit == I),
            (SocketKind.Response, SocketCallKind.SendMore) => (S, bit == I),
            (SocketKind.Response, SocketCallKind.ReceiveFrame) => (R, bit is W or S),
            (SocketKind.Response, SocketCallKind.ReceiveMessage) => (W, bit is W or S),
            (_, SocketCallKind.SendFinal) => (I, false),
            (_, SocketCallKind.SendMore) => (S, false),
            _ => (bit == U ? U : bit, false),
        };
    }

    private void ReportOrder(SocketCall call, SocketKind kind, ISymbol socket, bool onSomePaths)
    {
        var descriptor = (kind, call.IsSend) switch
        {
            (SocketKind.Subscriber, _) => Descriptors.ReceiveWithoutSubscription,
            (SocketKind.Request, true) => Descriptors.RequestSentTwice,
            (SocketKind.Request, false) => Descriptors.ReceiveBeforeRequest,
            (SocketKind.Response, true) => Descriptors.ReplyBeforeRequest,
            _ => Descriptors.RequestReceivedTwice,
        };
        var properties = descriptor == Descriptors.ReceiveWithoutSubscription
            ? System.Collections.Immutable.ImmutableDictionary<string, string?>.Empty.Add("Socket", socket.Name)
            : null;
        _report(Diagnostic.Create(descriptor, call.Invocation.Syntax.GetLocation(), properties, socket.Name, onSomePaths ? " on some paths" : ""));
    }

    /// <summary>
    /// ZC3008: a socket that can reach the end of this method in the middle of a multipart send that this method began.
    /// Locals created here, fields, and (in a lambda or local function) locals it captures; not parameters, whose
    /// caller may well finish the message, nor locals such as a foreach variable whose socket comes from elsewhere.
    /// </summary>
    private void ReportUnfinishedMessages(FlowState exit)
    {
        foreach (var pair in exit.Sockets)
        {
            if (!MustFinish(pair.Key) || (pair.Value.Bits & SocketState.Sending) == 0) continue;
            var some = (pair.Value.Bits & ~SocketState.Sending) != 0 ? " on some paths" : "";
            foreach (var open in pair.Value.Open.OrderBy(static o => o.Syntax.SpanStart))
            {
                _report(Diagnostic.Create(Descriptors.UnfinishedMultipartMessage, open.Syntax.GetLocation(), pair.Key.Name, some));
            }
        }
    }

    private bool MustFinish(ISymbol socket) => socket switch
    {
        IFieldSymbol => true,
        ILocalSymbol => _declared.Contains(socket) || !IsDeclaredIn(socket, _graph.OriginalOperation),
        _ => false,
    };

    /// <summary>
    /// Locals and parameters used inside a lambda or local function within <paramref name="function"/> that does not
    /// declare them: such code may run at any time (a poller's handler, a task), so their state is not followed here.
    /// </summary>
    private static ISet<ISymbol> Captured(IOperation function)
    {
        var captured = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var nested in function.Descendants().Where(static o => o is IAnonymousFunctionOperation or ILocalFunctionOperation))
        {
            foreach (var reference in nested.Descendants())
            {
                ISymbol? symbol = reference switch
                {
                    ILocalReferenceOperation local => local.Local,
                    IParameterReferenceOperation parameter => parameter.Parameter,
                    _ => null,
                };
                if (symbol is not null && !IsDeclaredIn(symbol, nested)) captured.Add(symbol);
            }
        }

        return captured;
    }

    private static bool IsDeclaredIn(ISymbol symbol, IOperation operation) =>
        symbol.DeclaringSyntaxReferences.Any(r => operation.Syntax.Span.Contains(r.Span));

    /// <summary>The tracked socket a call is made on, or null for sockets this method cannot follow.</summary>
    private ISymbol? Tracked(SocketCall call) => Symbol(call.RootSocket);

    /// <summary>A local, parameter or field of this object (or a static one) of a socket type, not captured by a lambda.</summary>
    private ISymbol? Symbol(IOperation operation)
    {
        ISymbol? symbol = SocketCall.Unwrap(operation) switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field,
            IFlowCaptureReferenceOperation capture => _captures.TryGetValue(capture.Id, out var captured) ? captured : null,
            _ => null,
        };
        return symbol is not null && !_captured.Contains(symbol) && SocketKinds.Of(symbol.GetSymbolType()) is not null ? symbol : null;
    }

    /// <summary>A call into this type's own code (or a delegate, or one handed 'this') may use its socket fields.</summary>
    private bool MayTouchFields(IInvocationOperation invocation) =>
        invocation.TargetMethod.MethodKind == MethodKind.DelegateInvoke
        || invocation.Instance is IInstanceReferenceOperation
        || invocation.TargetMethod.IsStatic && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, _containingType)
        || invocation.Arguments.Any(static a => SocketCall.Unwrap(a.Value) is IInstanceReferenceOperation);

    private static FlowState Forget(FlowState state, Func<ISymbol, bool> which)
    {
        foreach (var key in state.Sockets.Keys.Where(which).ToList()) state = state.With(key, SocketState.UnknownState);
        return state;
    }
}
