using ZeroContracts;

namespace ZeroContracts.Runtime.Tests.Contracts;

/// <summary>A Bare contract: one string frame each way, as plain ZeroMQ programs send.</summary>
[ReqRep(Framing = Framing.Bare)]
public interface IEcho
{
    Task<string> EchoAsync(string text, CancellationToken ct = default);
}

/// <summary>A Bare contract carrying raw bytes.</summary>
[ReqRep(Framing = Framing.Bare)]
public interface IBlob
{
    ValueTask<byte[]> ReverseAsync(byte[] data);
}

public sealed class Echo : IEcho, IBlob
{
    public Task<string> EchoAsync(string text, CancellationToken ct = default) =>
        text == "fail" ? throw new RemoteException("refused", "fail was sent") : Task.FromResult("echo:" + text);

    public ValueTask<byte[]> ReverseAsync(byte[] data) => ValueTask.FromResult(data.Reverse().ToArray());
}
