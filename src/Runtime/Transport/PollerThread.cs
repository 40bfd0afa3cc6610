using System;
using System.Threading;
using NetMQ;

namespace ZeroContracts.Transport;

/// <summary>Closing an owner of a poller from any thread, including the poller's own.</summary>
internal static class PollerThread
{
    /// <summary>
    /// Runs <paramref name="close"/> now, or on the thread pool when called on <paramref name="poller"/>'s own thread:
    /// user code run there (the RunHandlersInline / RunContinuationsInline options) may dispose its owner, and
    /// <see cref="NetMQPoller.Dispose"/> throws on the poller's thread.
    /// </summary>
    public static void Close<TOwner>(NetMQPoller poller, TOwner owner, Action<TOwner> close)
    {
        if (poller.CanExecuteTaskInline) ThreadPool.UnsafeQueueUserWorkItem(close, owner, preferLocal: false);
        else close(owner);
    }
}
