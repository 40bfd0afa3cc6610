using System.Threading.Channels;

namespace ZeroContracts.Security.Tests.Curve;

/// <summary>A Typed publish/subscribe contract with a keyed topic, carried over CURVE.</summary>
[PubSub]
public interface IAlerts
{
    [Topic("alert")] void Alert([TopicKey] string region, string text);

    [Topic("note")] void Note(string text);
}

/// <summary>Records every delivered message as a line.</summary>
public sealed class AlertRecorder : IAlerts
{
    private readonly Channel<string> _calls = Channel.CreateUnbounded<string>();

    public void Alert(string region, string text) => _calls.Writer.TryWrite($"alert {region} {text}");

    public void Note(string text) => _calls.Writer.TryWrite($"note {text}");

    /// <summary>Lines until one equals <paramref name="last"/>, that one included; bounded by <see cref="Support.Keys.Wait"/>.</summary>
    public async Task<List<string>> UntilAsync(string last)
    {
        using var timeout = new CancellationTokenSource(Support.Keys.Wait);
        var calls = new List<string>();
        while (calls.Count == 0 || calls[^1] != last) calls.Add(await _calls.Reader.ReadAsync(timeout.Token));
        return calls;
    }

    /// <summary>Whatever was recorded so far, without waiting.</summary>
    public List<string> SoFar()
    {
        var calls = new List<string>();
        while (_calls.Reader.TryRead(out var call)) calls.Add(call);
        return calls;
    }
}
