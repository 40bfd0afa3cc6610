using NetMQ;
using NetMQ.Sockets;

namespace ZeroContracts.Runtime.Tests.Support;

/// <summary>
/// A raw ROUTER that answers every message it receives on a thread of its own with <c>answer</c> (frames after the
/// identity; null sends nothing), counting the batch frames it sees. For peers that must keep answering while a test awaits.
/// </summary>
public sealed class RouterPeerThread : IDisposable
{
    private readonly RouterSocket _router = new();
    private readonly Func<List<byte[]>, byte[][]?> _answer;
    private readonly Thread _thread;
    private volatile bool _stopping;
    private int _batches;
    private int _requests;

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
            if (frames.Count >= 4 && BatchWire.IsBatch(frames[3])) Interlocked.Increment(ref _batches);
            else if (!(frames.Count == 4 && RawPeer.Text(frames[3]) == "!cancel")) Interlocked.Increment(ref _requests);
            var reply = _answer(frames);
            if (reply is null) continue;
            for (var i = 0; i < reply.Length; i++) _router.TrySendFrame(RawPeer.Wait, reply[i], more: i < reply.Length - 1);
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _thread.Join(RawPeer.Wait).ShouldBeTrue("the peer thread did not stop");
        _router.Dispose();
    }
}
