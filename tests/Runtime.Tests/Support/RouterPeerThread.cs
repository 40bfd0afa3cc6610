using NetMQ;
using NetMQ.Sockets;

namespace ZeroContracts.Runtime.Tests.Support;

/// <summary>
/// A raw ROUTER that answers every request it receives on a thread of its own with <c>answer</c> (all frames, the
/// identity first; null sends nothing), counting the batch frames it sees; cancel messages (docs/protocol.md 4.1) are
/// not passed on. For peers that must keep answering while a test awaits. What <c>answer</c> throws fails the test at
/// <see cref="Dispose"/> rather than crashing the test process.
/// </summary>
public sealed class RouterPeerThread : IDisposable
{
    private readonly RouterSocket _router = new();
    private readonly Func<List<byte[]>, byte[][]?> _answer;
    private readonly Thread _thread;
    private volatile bool _stopping;
    private int _batches;
    private int _requests;
    private Exception? _failure;

    public RouterPeerThread(Func<List<byte[]>, byte[][]?> answer)
    {
        _answer = answer;
        Endpoint = $"tcp://127.0.0.1:{_router.BindRandomPort("tcp://127.0.0.1")}";
        _thread = new Thread(Serve) { IsBackground = true, Name = "raw ROUTER peer" };
        _thread.Start();
    }

    public string Endpoint { get; }

    /// <summary>Messages whose content frame was a batch (docs/protocol.md 2.7).</summary>
    public int Batches => Volatile.Read(ref _batches);

    /// <summary>Messages that were a single request.</summary>
    public int Requests => Volatile.Read(ref _requests);

    private void Serve()
    {
        var frames = new List<byte[]>();
        while (!_stopping)
        {
            if (!_router.TryReceiveMultipartBytes(TimeSpan.FromMilliseconds(20), ref frames)) continue;

            // [identity] [request id] [] [content...]
            if (frames.Count == 4 && RawPeer.Text(frames[3]) == "!cancel") continue;
            if (frames.Count >= 4 && BatchWire.IsBatch(frames[3])) Interlocked.Increment(ref _batches);
            else Interlocked.Increment(ref _requests);
            byte[][]? reply;
            try
            {
                reply = _answer(frames);
            }
            catch (Exception e)
            {
                _failure ??= e;
                continue;
            }

            if (reply is null) continue;
            for (var i = 0; i < reply.Length; i++) _router.TrySendFrame(RawPeer.Wait, reply[i], more: i < reply.Length - 1);
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _thread.Join(RawPeer.Wait).ShouldBeTrue("the peer thread did not stop");
        _router.Dispose();
        if (_failure is not null) throw new InvalidOperationException("The peer failed to answer a request.", _failure);
    }
}
