using System;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using NetMQ;

namespace ZeroContracts.Transport;

/// <summary>
/// A NetMQ socket's own send and receive steps, the internal <c>SocketBase.XSend</c> and <c>XRecv</c>, called as NetMQ's
/// public <c>TrySend</c> and <c>TryReceive</c> call them (under the socket's lock, after its stopped check) but without
/// processing the socket's commands first, which costs a <c>poll()</c> on its mailbox where NetMQ cannot throttle it
/// (Linux): <see cref="FrameSender"/> and <see cref="ReceivedMessage"/> explain when skipping that is safe.
/// </summary>
/// <remarks>
/// The members are found by reflection once per process and bound to each socket's handle once, as closed delegates
/// (which call the socket type's own overrides); a step costs four delegate calls, no reflection.
/// </remarks>
internal sealed class SocketSteps
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    private static readonly Members? Found = Find();

    private readonly Action _lock;
    private readonly Action _unlock;
    private readonly Action _throwIfStopped;
    private readonly Step _send;
    private readonly Step _receive;

    private SocketSteps(Action @lock, Action unlock, Action throwIfStopped, Step send, Step receive)
    {
        _lock = @lock;
        _unlock = unlock;
        _throwIfStopped = throwIfStopped;
        _send = send;
        _receive = receive;
    }

    private delegate bool Step(ref Msg msg);

    /// <summary>Whether this NetMQ has the internals the steps need.</summary>
    internal static bool IsAvailable => Found is not null;

    /// <summary>The steps of <paramref name="socket"/>, or null when NetMQ's internals are not as expected.</summary>
    public static SocketSteps? For(NetMQSocket socket)
    {
        if (Found is not { } members) return null;
        try
        {
            var handle = members.Handle.GetValue(socket);
            if (handle is null) return null;
            var send = (Step?)Delegate.CreateDelegate(typeof(Step), handle, members.Send, throwOnBindFailure: false);
            var receive = (Step?)Delegate.CreateDelegate(typeof(Step), handle, members.Receive, throwOnBindFailure: false);
            var @lock = (Action?)Delegate.CreateDelegate(typeof(Action), handle, members.Lock, throwOnBindFailure: false);
            var unlock = (Action?)Delegate.CreateDelegate(typeof(Action), handle, members.Unlock, throwOnBindFailure: false);
            var throwIfStopped = (Action?)Delegate.CreateDelegate(typeof(Action), handle, members.ThrowIfStopped, throwOnBindFailure: false);
            if (send is null || receive is null || @lock is null || unlock is null || throwIfStopped is null) return null;
            return new SocketSteps(@lock, unlock, throwIfStopped, send, receive);
        }
        catch (Exception e) when (e is TargetInvocationException or MemberAccessException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Receives a frame without processing commands first; false when the socket's pipes hold none.</summary>
    public bool TryReceive(ref Msg msg)
    {
        _lock();
        try
        {
            _throwIfStopped();
            return _receive(ref msg);
        }
        finally
        {
            _unlock();
        }
    }

    /// <summary>Sends a frame after the first of a message; false when the socket does not take it.</summary>
    public bool TrySend(ref Msg msg, bool more)
    {
        _lock();
        try
        {
            _throwIfStopped();
            msg.ResetFlags(MsgFlags.More);
            if (more) msg.SetFlags(MsgFlags.More);
            return _send(ref msg);
        }
        finally
        {
            _unlock();
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Without the members every frame takes NetMQ's public send and receive.")]
    private static Members? Find()
    {
        try
        {
            var handle = typeof(NetMQSocket).GetProperty("SocketHandle", Instance);
            var type = handle?.PropertyType;
            if (handle is null || type is null || !handle.CanRead) return null;

            var send = type.GetMethod("XSend", Instance, [typeof(Msg).MakeByRefType()]);
            var receive = type.GetMethod("XRecv", Instance, [typeof(Msg).MakeByRefType()]);
            var @lock = type.GetMethod("Lock", Instance, Type.EmptyTypes);
            var unlock = type.GetMethod("Unlock", Instance, Type.EmptyTypes);
            var throwIfStopped = type.GetMethod("CheckContextTerminated", Instance, Type.EmptyTypes);
            if (send is null || send.ReturnType != typeof(bool) || receive is null || receive.ReturnType != typeof(bool)) return null;
            if (@lock is null || unlock is null || throwIfStopped is null) return null;
            return new Members(handle, send, receive, @lock, unlock, throwIfStopped);
        }
        catch (Exception e) when (e is AmbiguousMatchException or MemberAccessException or InvalidOperationException)
        {
            return null;
        }
    }

    private sealed record Members(PropertyInfo Handle, MethodInfo Send, MethodInfo Receive, MethodInfo Lock, MethodInfo Unlock, MethodInfo ThrowIfStopped);
}
