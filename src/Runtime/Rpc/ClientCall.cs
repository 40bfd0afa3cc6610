using System;
using System.ComponentModel;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;
using ZeroContracts.Messaging;
using ZeroContracts.Transport;
using ZeroContracts.Wire;

namespace ZeroContracts.Rpc;

/// <summary>
/// One call of a generated client: the request being written, then the reply being awaited. Instances are pooled
/// by their <see cref="RpcClient"/>; generated code obtains one from <see cref="RpcClient.CreateCall"/>, writes the
/// arguments and passes it to <c>CallAsync</c>, after which it must not touch it again.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ClientCall : IValueTaskSource, IThreadPoolWorkItem
{
    private static readonly Action<object?, CancellationToken> OnCancelled = static (state, token) => ((ClientCall)state!).Cancel(token);

    private readonly RpcClient _client;
    private readonly Utf8JsonWriter _json = new(Stream.Null);
    private ManualResetValueTaskSourceCore<bool> _completion = new() { RunContinuationsAsynchronously = true };
    private CancellationTokenRegistration _cancellation;
    private bool _argumentsOpen;

    // 1 once the call has ended (replied, failed, timed out, cancelled): set by one compare-and-swap, so that exactly one
    // of the threads that may end it does, and only that one writes the reply or the failure.
    private int _completed;
    private int _owners;

    internal ClientCall(RpcClient client) => _client = client;

    internal string Operation { get; private set; } = "";

    internal byte[] OperationBytes { get; private set; } = Array.Empty<byte>();

    /// <summary>The request body being written, then sent by the socket thread.</summary>
    internal PooledBufferWriter Body { get; } = new();

    internal bool HasBody { get; private set; }

    internal uint Id { get; private set; }

    internal long DeadlineTicks { get; private set; }

    /// <summary>
    /// The received reply's frames: the socket thread swaps its receive buffer with this one instead of copying the
    /// body out (<see cref="ReceivedMessage.Exchange"/>), so the body is the slice <see cref="ReplyBody"/>.
    /// </summary>
    private PooledBufferWriter _reply = new();
    private int _replyStart;
    private int _replyLength;

    /// <summary>The reply body; empty when <see cref="ReplyHasBody"/> is false.</summary>
    internal ReadOnlySpan<byte> ReplyBody => _reply.WrittenSpan.Slice(_replyStart, _replyLength);

    internal bool ReplyHasBody { get; private set; }

    internal bool ReplyIsError { get; private set; }

    /// <summary>Writes one argument of an operation with several parameters (a member of the body's JSON object).</summary>
    /// <param name="name">The parameter's name as declared in the contract.</param>
    /// <param name="value">The argument.</param>
    public void WriteArgument<T>(string name, T value)
    {
        if (EncodingFailure is not null) return;
        try
        {
            WriteArgumentCore(name, value);
        }
        catch (Exception e)
        {
            EncodingFailure = e;
        }
    }

    /// <summary>Writes the single argument of an operation with one parameter (the whole body).</summary>
    /// <param name="value">The argument.</param>
    public void WriteBody<T>(T value)
    {
        if (EncodingFailure is not null) return;
        try
        {
            HasBody = BodyCodec.Encode(value, Body, _json, _client.JsonOptions);
        }
        catch (Exception e)
        {
            EncodingFailure = e;
        }
    }

    /// <summary>
    /// Why an argument could not be encoded (e.g. a type missing from a source-generated JSON context). Kept rather than
    /// thrown, so the caller sees it in the returned task, as with every other failure of the call.
    /// </summary>
    internal Exception? EncodingFailure { get; private set; }

    private void WriteArgumentCore<T>(string name, T value)
    {
        if (!_argumentsOpen)
        {
            _json.Reset(Body);
            _json.WriteStartObject();
            _argumentsOpen = true;
            HasBody = true;
        }

        JsonArguments.Write(_json, name, value, _client.JsonOptions);
    }

    /// <summary>Ends the request body; called by the client before the call is queued.</summary>
    internal void FinishRequest()
    {
        if (_argumentsOpen && EncodingFailure is null)
        {
            _json.WriteEndObject();
            _json.Flush();
            _argumentsOpen = false;
        }
    }

    internal void Prepare(string operation, byte[] operationBytes)
    {
        Operation = operation;
        OperationBytes = operationBytes;
    }

    /// <summary>Gives the call its id and deadline and hands one reference to the caller and one to the socket thread.</summary>
    internal void Begin(uint id, long deadlineTicks, CancellationToken cancellationToken)
    {
        Id = id;
        DeadlineTicks = deadlineTicks;
        _owners = 2;
        if (cancellationToken.CanBeCanceled) _cancellation = cancellationToken.UnsafeRegister(OnCancelled, this);
    }

    internal ValueTask AsValueTask() => new(this, _completion.Version);

    /// <summary>
    /// Completes the call with the reply in <paramref name="received"/> (the body is frame <paramref name="bodyIndex"/>
    /// from byte <paramref name="bodyOffset"/> on, which skips the status of a compact reply; no body when the index is
    /// negative), unless it already ended; takes the received buffer rather than copying. Socket thread only.
    /// With <paramref name="inline"/> the caller resumes on this thread rather than on the thread pool
    /// (<see cref="ClientOptions.RunContinuationsInline"/>).
    /// </summary>
    internal bool TryCompleteWithReply(uint id, bool isError, ReceivedMessage received, int bodyIndex, int bodyOffset, bool inline)
    {
        if (!TryEnd(id)) return false;
        ReplyIsError = isError;
        ReplyHasBody = bodyIndex >= 0;
        _replyStart = ReplyHasBody ? received.StartOf(bodyIndex) + bodyOffset : 0;
        _replyLength = ReplyHasBody ? received[bodyIndex].Length - bodyOffset : 0;
        _reply = received.Exchange(_reply);
        Resume(inline);
        return true;
    }

    /// <summary>
    /// Completes the call with a reply that shares its frame with others (an entry of a reply batch, docs/protocol.md 2.7),
    /// copying <paramref name="body"/>, unless it already ended. Socket thread only; <paramref name="inline"/> as in
    /// <see cref="TryCompleteWithReply"/>.
    /// </summary>
    internal bool TryCompleteWithCopy(uint id, bool isError, ReadOnlySpan<byte> body, bool hasBody, bool inline)
    {
        if (!TryEnd(id)) return false;
        ReplyIsError = isError;
        ReplyHasBody = hasBody;
        _reply.Clear();
        if (hasBody) _reply.Write(body);
        _replyStart = 0;
        _replyLength = hasBody ? body.Length : 0;
        Resume(inline);
        return true;
    }

    /// <summary>
    /// Resumes the caller after a reply: right here with <paramref name="inline"/>, otherwise as
    /// <see cref="RpcClient.QueueResume"/> decides (on the socket thread once it has let go of the turn, or on the thread
    /// pool as a member of the client's <see cref="ResumeWave"/>), so that the calls the callers resumed by one reply
    /// batch start next go out together. Either way the continuation runs inside the completion, not as a work item of its own.
    /// </summary>
    private void Resume(bool inline)
    {
        _completion.RunContinuationsAsynchronously = false;
        if (inline) _completion.SetResult(true);
        else _client.QueueResume(this);
    }

    /// <summary>Runs the caller's continuation as a member of the client's wave (<see cref="RpcClient.QueueResume"/>).</summary>
    void IThreadPoolWorkItem.Execute() => _client.Resume(this);

    /// <summary>Completes the call successfully, running the caller's continuation on this thread.</summary>
    internal void SignalReply() => _completion.SetResult(true);

    /// <summary>Fails the call unless it already ended; any thread.</summary>
    internal bool TryFail(uint id, Exception failure)
    {
        if (!TryEnd(id)) return false;

        // Failures come from timers, cancellation and disposal, which must not run the caller's code inline.
        _completion.RunContinuationsAsynchronously = true;
        _completion.SetException(failure);
        return true;
    }

    /// <summary>
    /// Ends use <paramref name="id"/> of the call, unless it has ended already; true for the one thread that does. The id
    /// cannot change meanwhile: whoever ends a call holds a reference to it (the socket thread, the caller) or is a
    /// cancellation callback, which <see cref="Release"/> waits for before the call is reused.
    /// </summary>
    private bool TryEnd(uint id) => Id == id && Interlocked.CompareExchange(ref _completed, 1, 0) == 0;

    /// <summary>
    /// True while the call is still waiting for its reply; a reused or finished call is no longer <paramref name="id"/>.
    /// Without a lock: the holder of a reference asks, so the id is stable, and a call that ends right after is found ended the next time.
    /// </summary>
    internal bool IsWaiting(uint id) => Volatile.Read(ref _completed) == 0 && Id == id;

    /// <summary>Drops one of the two references; the last one returns the call to its client's pool.</summary>
    internal void Release()
    {
        if (Interlocked.Decrement(ref _owners) != 0) return;

        // Waits for a cancellation callback that is running right now, so it cannot touch the next use of this object.
        _cancellation.Dispose();
        _cancellation = default;
        _completed = 0;
        _argumentsOpen = false;
        EncodingFailure = null;
        HasBody = false;
        Body.Clear();
        _reply.Clear();
        _replyStart = 0;
        _replyLength = 0;
        Id = 0;
        _completion.Reset();
        _client.Return(this);
    }

    /// <summary>Frees the pooled buffers when the call is dropped rather than pooled.</summary>
    internal void ReleaseBuffers()
    {
        Body.Release();
        _reply.Release();
        _json.Dispose();
    }

    private void Cancel(CancellationToken token)
    {
        uint id;
        lock (this)
        {
            id = Id;
        }

        TryFail(id, new OperationCanceledException($"The call to '{Operation}' was cancelled.", token));
    }

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _completion.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _completion.OnCompleted(continuation, state, token, flags);

    void IValueTaskSource.GetResult(short token) => _completion.GetResult(token);
}
