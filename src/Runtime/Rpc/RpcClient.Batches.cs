using System;
using System.Collections.Generic;
using System.Threading;
using ZeroContracts.Transport;
using ZeroContracts.Wire;

namespace ZeroContracts.Rpc;

// Request batches (docs/protocol.md 2.7): calls that are already queued together when the socket thread drains its
// inbox go out in one frame, because NetMQ's cost is per frame. A lone call is sent at once, never held back.
public sealed partial class RpcClient
{
    private readonly List<ClientCall> _staged = new();
    private readonly List<ClientCall> _batchCalls = new();
    private readonly PooledBufferWriter _batchFrame = new();

    /// <summary>
    /// Batches sent and not yet answered, by batch id, with their calls. The socket thread keeps its reference to each
    /// call until the batch is answered, so a call can be resent alone if the server turns out not to take batches.
    /// </summary>
    private readonly Dictionary<uint, List<ClientCall>> _batches = new();
    private readonly Stack<List<ClientCall>> _batchLists = new();
    private BatchSupport _batchSupport;
    private bool _probeOutstanding;
    private uint _probeId;

    /// <summary>True while the socket thread handles a received message: calls started by code resumed there are sent together right after it.</summary>
    private bool _receiving;

    private enum BatchSupport
    {
        /// <summary>No batch answered yet: one small probe batch at a time, everything else alone.</summary>
        Unknown,

        /// <summary>A reply batch came: batches of up to <see cref="BatchFrame.MaxSize"/>.</summary>
        Supported,

        /// <summary>A batch was answered with a plain reply (a version 1 server or a plain peer): never batch again.</summary>
        Unsupported,
    }

    /// <summary>Sends a call started on the socket thread: at once, or with the others started while the same message is handled.</summary>
    private void SendOnSocketThread(ClientCall call)
    {
        if (_receiving) _staged.Add(call);
        else Send(call);
    }

    /// <summary>Sends the staged calls, packed into batches when there are several and the server may take them.</summary>
    private void SendStaged()
    {
        if (_staged.Count == 0) return;
        if (Volatile.Read(ref _disposed) != 0)
        {
            // Disposed by code resumed on this thread; Close fails only the calls it can see.
            var failure = new ObjectDisposedException(nameof(RpcClient), "The client was disposed before the call was sent.");
            foreach (var call in _staged)
            {
                call.TryFail(call.Id, failure);
                call.Release();
            }
        }
        else if (_staged.Count == 1 || _framing != Framing.Typed || _batchSupport == BatchSupport.Unsupported)
        {
            foreach (var call in _staged) Send(call);
        }
        else
        {
            foreach (var call in _staged) Pack(call);
            CloseBatch();
        }

        _staged.Clear();
    }

    /// <summary>Adds a call to the batch being built, or sends it alone when it does not belong in one.</summary>
    private void Pack(ClientCall call)
    {
        if (!TryRegister(call)) return;
        var id = call.Id;
        if (_backlog.Count > 0)
        {
            _backlog.Enqueue(call);
            return;
        }

        var contentLength = call.OperationBytes.Length + (call.HasBody ? 1 + call.Body.WrittenCount : 0);
        var limit = Math.Min(_batchSupport == BatchSupport.Supported ? BatchFrame.MaxSize : BatchFrame.MaxProbeSize, _options.MaxMessageSize - Frames.RequestIdSize);
        if (_batchSupport == BatchSupport.Unknown && _probeOutstanding || contentLength > BatchFrame.MaxEntryContentSize || BatchFrame.PrefixSize + BatchFrame.EntrySize(contentLength) > limit)
        {
            SendAlone(call);
            return;
        }

        if (_batchCalls.Count > 0 && (_batchFrame.WrittenCount + BatchFrame.EntrySize(contentLength) > limit || _batchCalls.Count == BatchFrame.MaxEntries))
        {
            CloseBatch();

            // Before the server is known to take batches, only one probe is out at a time.
            if (_probeOutstanding)
            {
                SendAlone(call);
                return;
            }
        }

        if (_batchCalls.Count == 0) BatchFrame.Begin(_batchFrame);
        BatchFrame.WriteEntry(_batchFrame, id, call.OperationBytes, call.Body.WrittenSpan, call.HasBody);
        _batchCalls.Add(call);
    }

    /// <summary>Sends the batch being built: as a batch of its own id when it holds two calls or more, else its call alone.</summary>
    private void CloseBatch()
    {
        if (_batchCalls.Count == 0) return;
        if (_batchCalls.Count == 1)
        {
            var only = _batchCalls[0];
            _batchCalls.Clear();
            _batchFrame.Clear();
            SendAlone(only);
            return;
        }

        var batchId = (uint)Interlocked.Increment(ref _nextId);
        if (_backlog.Count == 0 && TrySendBatch(batchId))
        {
            var calls = _batchLists.Count > 0 ? _batchLists.Pop() : new List<ClientCall>();
            calls.AddRange(_batchCalls);
            _batches[batchId] = calls;
            if (_batchSupport == BatchSupport.Unknown)
            {
                _probeOutstanding = true;
                _probeId = batchId;
            }
        }
        else
        {
            // The socket is full: the calls wait in the backlog and go out alone.
            foreach (var call in _batchCalls) _backlog.Enqueue(call);
        }

        _batchCalls.Clear();
        _batchFrame.Clear();
    }

    private bool TrySendBatch(uint batchId)
    {
        if (!TrySendEnvelope(batchId)) return false;
        _sender.TrySend(_batchFrame.WrittenSpan, more: false);
        return true;
    }

    /// <summary>
    /// Handles the received message when it is a reply batch, or a plain reply to a batch (the server does not take
    /// batches); false when it is neither and is an ordinary reply.
    /// </summary>
    private bool TryReceiveBatchReply(uint id)
    {
        if (_received.Count == 3 && BatchFrame.IsBatch(_received[2]))
        {
            ReceiveReplyBatch(id);
            return true;
        }

        if (_batches.Count == 0 || !_batches.Remove(id, out var calls)) return false;

        // Whatever a peer answers to a batch in place of a reply batch (unsupported_version from a version 1 server, or
        // anything from a plain one) means it does not take batches: its calls go again, alone and in order.
        _batchSupport = BatchSupport.Unsupported;
        EndProbe(id);
        foreach (var call in calls)
        {
            if (call.IsWaiting(call.Id)) SendAlone(call);
            else call.Release();
        }

        ReturnBatchList(calls);
        return true;
    }

    private void ReceiveReplyBatch(uint batchId)
    {
        // A malformed reply batch is dropped whole: its calls time out rather than take a reply meant for another.
        if (!BatchFrame.IsWellFormedReply(_received[2])) return;

        if (_batches.Remove(batchId, out var calls))
        {
            if (_batchSupport == BatchSupport.Unknown) _batchSupport = BatchSupport.Supported;
            EndProbe(batchId);
            ReleaseBatchCalls(calls);
        }

        var reader = new BatchFrame.Reader(_received[2]);
        while (Volatile.Read(ref _disposed) == 0 && reader.TryRead(out var callId, out var content))
        {
            if (!_waiting.Remove(callId, out var call)) continue;
            var compact = CompactFrame.TrySplit(content, out var status, out var bodyStart);
            if (!TryReadStatus(status, out var isError))
            {
                FailBadReply(call, callId);
                continue;
            }

            call.TryCompleteWithCopy(callId, isError, compact ? content.Slice(bodyStart) : default, compact, ResumeInline);
        }
    }

    /// <summary>Drops batches none of whose calls still wait (all answered alone, cancelled or timed out), so nothing is held for ever.</summary>
    private void SweepBatches()
    {
        if (_batches.Count == 0) return;
        List<uint>? ended = null;
        foreach (var (batchId, calls) in _batches)
        {
            if (!calls.Exists(static call => call.IsWaiting(call.Id))) (ended ??= new List<uint>()).Add(batchId);
        }

        if (ended is null) return;
        foreach (var batchId in ended)
        {
            _batches.Remove(batchId, out var calls);
            EndProbe(batchId);
            ReleaseBatchCalls(calls!);
        }
    }

    private void EndProbe(uint batchId)
    {
        if (_probeOutstanding && _probeId == batchId) _probeOutstanding = false;
    }

    private void ReleaseBatchCalls(List<ClientCall> calls)
    {
        foreach (var call in calls) call.Release();
        ReturnBatchList(calls);
    }

    private void ReturnBatchList(List<ClientCall> calls)
    {
        calls.Clear();
        if (_batchLists.Count < 64) _batchLists.Push(calls);
    }

    /// <summary>Lets go of the calls of unanswered batches when the client closes; Close has failed them already.</summary>
    private void ReleaseBatches()
    {
        foreach (var calls in _batches.Values)
        {
            foreach (var call in calls) call.Release();
        }

        _batches.Clear();
        _batchFrame.Release();
    }
}
