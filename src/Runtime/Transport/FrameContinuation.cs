using System;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using NetMQ;

namespace ZeroContracts.Transport;

/// <summary>
/// Sends a frame that continues a message through a NetMQ socket's own send step, the internal <c>SocketBase.XSend</c>,
/// as NetMQ's public <c>TrySend</c> does (under the socket's lock, after its stopped check, with the more flag set) but
/// without processing the socket's commands first: <see cref="FrameSender"/> explains why that is safe within a message.
/// </summary>
/// <remarks>
/// The members are found by reflection once per process and bound to each socket's handle once, as closed delegates
/// (which call the socket type's own override of <c>XSend</c>); a send costs four delegate calls, no reflection.
/// </remarks>
internal sealed class FrameContinuation
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    private static readonly Members? Found = Find();

    private readonly Action _lock;
    private readonly Action _unlock;
    private readonly Action _throwIfStopped;
    private readonly SendStep _send;

    private FrameContinuation(Action @lock, Action unlock, Action throwIfStopped, SendStep send)
    {
        _lock = @lock;
        _unlock = unlock;
        _throwIfStopped = throwIfStopped;
        _send = send;
    }

    private delegate bool SendStep(ref Msg msg);

    /// <summary>Whether this NetMQ has the internals a continuation needs.</summary>
    internal static bool IsAvailable => Found is not null;

    /// <summary>A continuation for <paramref name="socket"/>, or null when NetMQ's internals are not as expected.</summary>
    public static FrameContinuation? For(NetMQSocket socket)
    {
        if (Found is not { } members) return null;
        try
        {
            var handle = members.Handle.GetValue(socket);
            if (handle is null) return null;
            var send = (SendStep?)Delegate.CreateDelegate(typeof(SendStep), handle, members.Send, throwOnBindFailure: false);
            var @lock = (Action?)Delegate.CreateDelegate(typeof(Action), handle, members.Lock, throwOnBindFailure: false);
            var unlock = (Action?)Delegate.CreateDelegate(typeof(Action), handle, members.Unlock, throwOnBindFailure: false);
            var throwIfStopped = (Action?)Delegate.CreateDelegate(typeof(Action), handle, members.ThrowIfStopped, throwOnBindFailure: false);
            if (send is null || @lock is null || unlock is null || throwIfStopped is null) return null;
            return new FrameContinuation(@lock, unlock, throwIfStopped, send);
        }
        catch (Exception e) when (e is TargetInvocationException or MemberAccessException or InvalidOperationException or ArgumentException)
        {
            return null;
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

    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Without the members every frame takes NetMQ's public send.")]
    private static Members? Find()
    {
        try
        {
            var handle = typeof(NetMQSocket).GetProperty("SocketHandle", Instance);
            var type = handle?.PropertyType;
            if (handle is null || type is null || !handle.CanRead) return null;

            var send = type.GetMethod("XSend", Instance, [typeof(Msg).MakeByRefType()]);
            var @lock = type.GetMethod("Lock", Instance, Type.EmptyTypes);
            var unlock = type.GetMethod("Unlock", Instance, Type.EmptyTypes);
            var throwIfStopped = type.GetMethod("CheckContextTerminated", Instance, Type.EmptyTypes);
            if (send is null || send.ReturnType != typeof(bool) || @lock is null || unlock is null || throwIfStopped is null) return null;
            return new Members(handle, send, @lock, unlock, throwIfStopped);
        }
        catch (Exception e) when (e is AmbiguousMatchException or MemberAccessException or InvalidOperationException)
        {
            return null;
        }
    }

    private sealed record Members(PropertyInfo Handle, MethodInfo Send, MethodInfo Lock, MethodInfo Unlock, MethodInfo ThrowIfStopped);
}
