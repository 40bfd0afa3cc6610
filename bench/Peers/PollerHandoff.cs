using System;
using System.Threading.Tasks;
using NetMQ;

namespace ZeroContracts.Bench.Peers;

/// <summary>
/// No socket at all: a thread-pool caller hands an item to a poller thread through a <see cref="NetMQQueue{T}"/>,
/// and the poller completes it back to the thread pool. That is the pair of thread handoffs each side of a typed call
/// makes (client: caller → poller → caller; server: poller → handler → poller) and raw NetMQ code does not, so it
/// is the floor under the typed/raw latency ratio on a given machine.
/// </summary>
public sealed class PollerHandoff : IEchoPeer
{
    private readonly NetMQQueue<TaskCompletionSource> _queue = new();
    private readonly NetMQPoller _poller;

    /// <summary>Starts the poller thread.</summary>
    public PollerHandoff()
    {
        _queue.ReceiveReady += (_, _) =>
        {
            while (_queue.TryDequeue(out var item, TimeSpan.Zero)) item.SetResult();
        };
        _poller = new NetMQPoller { _queue };
        _poller.RunAsync("handoff poller", isBackgroundThread: true);
    }

    /// <summary>One handoff pair at a time; <paramref name="outstanding"/> is ignored.</summary>
    public async Task RunAsync(int calls, int outstanding)
    {
        for (var i = 0; i < calls; i++)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _queue.Enqueue(done);
            await done.Task.ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _poller.Dispose();
        _queue.Dispose();
    }
}
