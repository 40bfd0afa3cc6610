using System;
using System.Threading;
using NetMQ;

namespace ZeroContracts.Transport;

/// <summary>Starting a socket's poller thread, and closing its owner from any thread, including the poller's own.</summary>
internal static class PollerThread
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Runs <paramref name="poller"/> on a new background thread named <paramref name="name"/> and returns once it is
    /// running. Unlike <see cref="NetMQPoller.RunAsync(string, bool)"/> the thread gets the plain
    /// <see cref="SynchronizationContext"/>, which <c>await</c> does not capture. NetMQ's own would capture every await
    /// in user code resumed there (the RunHandlersInline / RunContinuationsInline options) and move the rest of that
    /// code onto the socket thread, where it can no longer resume once its owner is disposed.
    /// </summary>
    public static void Start(NetMQPoller poller, string name)
    {
        var thread = new Thread(static state => ((NetMQPoller)state!).Run(new SynchronizationContext())) { IsBackground = true, Name = name };
        thread.Start(poller);

        // Disposing a poller that has not started yet would leave Run to throw on the new thread.
        if (!SpinWait.SpinUntil(() => poller.IsRunning, StartTimeout))
        {
            throw new InvalidOperationException($"The socket thread '{name}' did not start within {StartTimeout.TotalSeconds:0} s.");
        }
    }

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
