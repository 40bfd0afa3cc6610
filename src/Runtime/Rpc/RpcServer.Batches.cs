using System;
using System.Collections.Generic;
using ZeroContracts.Transport;
using ZeroContracts.Wire;

namespace ZeroContracts.Rpc;

// Request and reply batches (docs/protocol.md 2.7): the entries of a request batch run as separate calls, and the
// replies of one batch that are ready together go back in one reply batch frame, because NetMQ's cost is per frame.
public sealed partial class RpcServer<TService>
{
    private readonly HashSet<uint> _batchCallIds = new();
    private readonly List<ReplyBatch> _replyBatchesToSend = new();
    private readonly Stack<ReplyBatch> _replyBatchPool = new();

    /// <summary>
    /// True when the message is a request batch this server takes. One whose <see cref="SocketOptionsBase.MaxMessageSize"/>
    /// is below <see cref="BatchFrame.MaxSize"/> does not: it answers <c>unsupported_version</c> like a version 1 server,
    /// so no client ever sends it a batch larger than it accepts.
    /// </summary>
    private bool IsBatchRequest(ReceivedMessage message, int delimiter) =>
        message.Count == delimiter + 2 && message.ExtraFrames == 0 && BatchFrame.IsBatch(message[delimiter + 1])
        && _options.MaxMessageSize >= BatchFrame.MaxSize;

    /// <summary>
    /// Checks a whole request batch, then dispatches each entry as a call of its own; a malformed batch is answered
    /// <c>bad_request</c> on its envelope and nothing in it runs.
    /// </summary>
    private void AcceptBatch(ReceivedMessage message, int delimiter)
    {
        var frame = message[delimiter + 1];

        // The entries' envelopes replace the last envelope frame (the batch id), so there must be one besides the identity.
        var problem = delimiter < 2 ? "A batch needs an envelope frame (its batch id) before the delimiter." : BatchFrame.ValidateRequests(frame, _batchCallIds);
        if (problem is not null)
        {
            var rejected = Rent();
            rejected.Load(message, delimiter);
            rejected.ReplyCompact = true;
            Reject(rejected, ErrorCodes.BadRequest, $"Malformed batch: {problem}");
            return;
        }

        var batch = _replyBatchPool.Count > 0 ? _replyBatchPool.Pop() : new ReplyBatch();
        batch.Load(message, delimiter);
        batch.Unanswered = _batchCallIds.Count;

        var reader = new BatchFrame.Reader(frame);
        while (reader.TryRead(out var callId, out var content))
        {
            var call = Rent();
            call.LoadEntry(message, delimiter, callId, batch);
            call.ReplyCompact = true;
            CompactFrame.TrySplit(content, out var header, out var bodyStart);
            Header.TryReadOperation(header, out var name);
            if (!TryBind(call, name)) continue;
            if (bodyStart >= 0) call.CopyBody(content.Slice(bodyStart));
            Dispatch(call);
        }

        SendReplyBatches();
    }

    /// <summary>Adds a batched call's reply to its batch's reply batch; a call its client cancelled gets none.</summary>
    private void AddToReplyBatch(ServerCall call)
    {
        var batch = call.Batch!;
        if (call.CancelledByClient) return;

        var status = call.ReplyIsError ? ErrorFrame : OkFrame;
        var contentLength = status.Length + (call.ReplyHasBody ? 1 + call.ReplyBody.WrittenCount : 0);

        // A reply batch stays within BatchFrame.MaxSize unless one reply alone is larger; then that reply travels alone.
        if (batch.Frame.WrittenCount > 0 && batch.Frame.WrittenCount + BatchFrame.EntrySize(contentLength) > BatchFrame.MaxSize) SendReplyBatch(batch);
        if (batch.Frame.WrittenCount == 0) BatchFrame.Begin(batch.Frame);
        BatchFrame.WriteEntry(batch.Frame, call.BatchEntryId, status, call.ReplyBody.WrittenSpan, call.ReplyHasBody);
        if (batch.IsQueued) return;
        batch.IsQueued = true;
        _replyBatchesToSend.Add(batch);
    }

    /// <summary>Counts a batched call as done; the batch returns to the pool when all its calls are and nothing waits to be sent.</summary>
    private void EndBatchedCall(ServerCall call)
    {
        var batch = call.Batch!;
        call.Batch = null;
        if (--batch.Unanswered == 0 && !batch.IsQueued) ReturnReplyBatch(batch);
    }

    /// <summary>Sends every reply batch filled since the last time: one frame for all the replies of a request batch that are ready.</summary>
    private void SendReplyBatches()
    {
        foreach (var batch in _replyBatchesToSend)
        {
            if (batch.Frame.WrittenCount > 0) SendReplyBatch(batch);
            batch.IsQueued = false;
            if (batch.Unanswered == 0) ReturnReplyBatch(batch);
        }

        _replyBatchesToSend.Clear();
    }

    private void SendReplyBatch(ReplyBatch batch)
    {
        var started = TrySendEnvelope(batch.Envelope);
        if (started == true) _sender.TrySend(batch.Frame.WrittenSpan, more: false);
        else HoldOrDrop(batch.Envelope, started is null ? null : [batch.Frame.WrittenSpan.ToArray()], operation: null);
        batch.Frame.Clear();
    }

    private void ReturnReplyBatch(ReplyBatch batch)
    {
        batch.Frame.Clear();
        if (_replyBatchPool.Count < 256) _replyBatchPool.Push(batch);
        else batch.ReleaseBuffers();
    }

    private void ReleaseReplyBatches()
    {
        while (_replyBatchPool.Count > 0) _replyBatchPool.Pop().ReleaseBuffers();
    }
}
