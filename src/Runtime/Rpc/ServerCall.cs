using System;
using System.ComponentModel;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ZeroContracts.Messaging;
using ZeroContracts.Transport;
using ZeroContracts.Wire;

namespace ZeroContracts.Rpc;

/// <summary>
/// One request being served: generated server code reads the arguments from it and writes the result to it.
/// Instances are pooled by their server and must not be kept after the handler returns.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ServerCall : IThreadPoolWorkItem
{
    private readonly IServerCallRunner _runner;
    private readonly Utf8JsonWriter _json = new(Stream.Null);
    private readonly Action _onHandlerCompleted;
    private ValueTask _handlerTask;

    internal ServerCall(IServerCallRunner runner)
    {
        _runner = runner;
        _onHandlerCompleted = OnHandlerCompleted;
    }

    // Per-call cancellation: reused across calls (TryReset) unless a cancel was issued on it, guarded by a generation
    // number so a cancel that arrives late can never reach the call this object serves next.
    private readonly object _cancelGate = new();
    private CancellationTokenSource _cancel = new();
    private CancellationTokenRegistration _onServerStopping;
    private bool _cancelIssued;
    private int _generation;

    /// <summary>
    /// Signalled when the client cancels the call or gives up on it (docs/protocol.md 4.1), or when the server stops;
    /// pass it to the service so abandoned work ends early.
    /// </summary>
    public CancellationToken CancellationToken { get; private set; }

    /// <summary>The client sent a cancel for this call: it must not run if it has not started, and needs no reply.</summary>
    internal bool CancelledByClient { get; private set; }

    /// <summary>A link in the server's table of calls in progress: the next call whose envelope has the same hash.</summary>
    internal ServerCall? NextWithSameKey { get; set; }

    /// <summary>The request's envelope: sent back in front of the reply, and how a cancel finds the call.</summary>
    internal Envelope Envelope { get; } = new();

    /// <summary>The operation's wire name.</summary>
    public string Operation { get; internal set; } = "";

    internal object? Handler { get; set; }

    /// <summary>The request's frames, taken from the receive buffer without copying (<see cref="TakeBody"/>); the body is a slice.</summary>
    private PooledBufferWriter _body = new();
    private int _bodyStart;
    private int _bodyLength;

    internal ReadOnlySpan<byte> Body => _body.WrittenSpan.Slice(_bodyStart, _bodyLength);

    internal bool HasBody { get; private set; }

    internal PooledBufferWriter ReplyBody { get; } = new();

    internal bool ReplyHasBody { get; private set; }

    internal bool ReplyIsError { get; private set; }

    /// <summary>The request came in the compact form, so the reply goes out in it too (docs/protocol.md 2.3).</summary>
    internal bool ReplyCompact { get; set; }

    /// <summary>Reads one argument of an operation with several parameters from the body's JSON object.</summary>
    /// <param name="name">The parameter's name as declared in the contract.</param>
    /// <param name="defaultValue">The value when the request does not carry the argument.</param>
    public T ReadArgument<T>(string name, T defaultValue = default!) => JsonArguments.Read(Body, HasBody, name, defaultValue, _runner.JsonOptions);

    /// <summary>Reads the single argument of an operation with one parameter (the whole body).</summary>
    public T ReadBody<T>() => BodyCodec.Decode<T>(Body, HasBody, _runner.JsonOptions);

    /// <summary>Sets the operation's result as the reply body.</summary>
    /// <param name="value">The result.</param>
    public void WriteResult<T>(T value)
    {
        ReplyBody.Clear();
        ReplyHasBody = BodyCodec.Encode(value, ReplyBody, _json, _runner.JsonOptions);
    }

    // ---- used by the server ----

    /// <summary>Makes the call cancellable on its own and when <paramref name="serverStopping"/> is signalled. Holder of the socket's turn, when rented.</summary>
    internal void BeginCancellation(CancellationToken serverStopping)
    {
        lock (_cancelGate)
        {
            _generation++;
            if (_cancelIssued || !_cancel.TryReset())
            {
                // Not disposed: a pool thread may still be running its callbacks. Without a timer it holds nothing to free.
                _cancel = new CancellationTokenSource();
                _cancelIssued = false;
            }
        }

        CancelledByClient = false;
        CancellationToken = _cancel.Token;
        _onServerStopping = serverStopping.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _cancel);
    }

    /// <summary>Drops the link to the server's stopping token. Holder of the socket's turn, when returned to the pool.</summary>
    internal void EndCancellation() => _onServerStopping.Dispose();

    /// <summary>
    /// Marks the call cancelled by its client and signals its token on the thread pool, so callbacks the service
    /// registered never run on the server's socket turn. Holder of the socket's turn.
    /// </summary>
    internal void CancelByClient()
    {
        if (CancelledByClient) return;
        CancelledByClient = true;
        ThreadPool.UnsafeQueueUserWorkItem(static state => state.Call.CancelIfStillServing(state.Generation), (Call: this, Generation: _generation), preferLocal: false);
    }

    private void CancelIfStillServing(int generation)
    {
        CancellationTokenSource cancel;
        lock (_cancelGate)
        {
            if (generation != _generation) return;
            cancel = _cancel;
            _cancelIssued = true;
        }

        cancel.Cancel();
    }

    /// <summary>Copies the envelope (identity and the peer's frames up to the delimiter) out of a received message; no body yet.</summary>
    internal void Load(ReceivedMessage message, int delimiterIndex)
    {
        Envelope.Load(message, delimiterIndex);
        _bodyStart = 0;
        _bodyLength = 0;
        HasBody = false;
    }

    /// <summary>
    /// Keeps frame <paramref name="frameIndex"/> from byte <paramref name="offset"/> on (past the header of a compact
    /// request) as the body, by taking the receive buffer: <paramref name="message"/> cannot be read afterwards. Holder of the socket's turn.
    /// </summary>
    internal void TakeBody(ReceivedMessage message, int frameIndex, int offset)
    {
        HasBody = true;
        _bodyStart = message.StartOf(frameIndex) + offset;
        _bodyLength = message[frameIndex].Length - offset;
        _body = message.Exchange(_body);
    }

    /// <summary>The request batch this call came in (docs/protocol.md 2.7), whose reply batch carries its reply; null for a call sent alone.</summary>
    internal ReplyBatch? Batch { get; set; }

    /// <summary>The call id of this call's entry in <see cref="Batch"/>.</summary>
    internal uint BatchEntryId { get; private set; }

    /// <summary>
    /// Loads an entry of a request batch: its envelope is the batch's with the last frame (the batch id) replaced by
    /// the entry's call id, so a cancel naming the call id finds it (docs/protocol.md 2.7), through proxies too.
    /// </summary>
    internal void LoadEntry(ReceivedMessage message, int delimiterIndex, uint callId, ReplyBatch batch)
    {
        Span<byte> id = stackalloc byte[Frames.RequestIdSize];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(id, callId);
        Envelope.Load(message, delimiterIndex, id);
        Batch = batch;
        BatchEntryId = callId;
        _bodyStart = 0;
        _bodyLength = 0;
        HasBody = false;
    }

    /// <summary>Copies <paramref name="body"/> in as the request body: an entry's body shares the batch frame with the others.</summary>
    internal void CopyBody(ReadOnlySpan<byte> body)
    {
        HasBody = true;
        _body.Clear();
        _body.Write(body);
        _bodyStart = 0;
        _bodyLength = body.Length;
    }

    internal void SetError(string code, string message, string? type = null, string? stackTrace = null)
    {
        ReplyIsError = true;
        ReplyHasBody = true;
        ReplyBody.Clear();
        ErrorBody.Write(ReplyBody, _json, code, message, type, stackTrace);
    }

    internal void ResetReply()
    {
        ReplyCompact = false;
        ReplyIsError = false;
        ReplyHasBody = false;
        ReplyBody.Clear();
    }

    /// <summary>Waits for a handler that did not finish synchronously, without allocating a continuation.</summary>
    internal void AwaitHandler(ValueTask handlerTask)
    {
        _handlerTask = handlerTask;
        _handlerTask.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onHandlerCompleted);
    }

    private void OnHandlerCompleted()
    {
        var task = _handlerTask;
        _handlerTask = default;
        _runner.HandlerCompleted(this, task);
    }

    internal void ReleaseBuffers()
    {
        Envelope.Release();
        _body.Release();
        ReplyBody.Release();
        _json.Dispose();
    }

    void IThreadPoolWorkItem.Execute() => _runner.Run(this);
}

/// <summary>What a <see cref="ServerCall"/> needs from the server that owns it.</summary>
internal interface IServerCallRunner
{
    JsonSerializerOptions JsonOptions { get; }

    /// <summary>Runs the call's handler; on a thread-pool thread.</summary>
    void Run(ServerCall call);

    /// <summary>Finishes a call whose handler completed asynchronously.</summary>
    void HandlerCompleted(ServerCall call, ValueTask handlerTask);
}
