using System;
using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ZeroContracts.Bench.Peers;

namespace ZeroContracts.Bench.Diag;

/// <summary>
/// <c>--allocs typed|typedclient|typedserver|raw</c>: what is allocated per 64 B echo call, by type. An in-process
/// <see cref="EventListener"/> samples the runtime's GC AllocationTick events (one per ~100 KB allocated, with the
/// type that crossed the mark), so no dotnet-trace or diagnostics package is needed.
/// </summary>
public sealed class AllocationProfile : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const long GcKeyword = 0x1;
    private readonly ConcurrentDictionary<string, long> _bytes = new();
    private int _sampling;

    /// <summary>Runs <paramref name="calls"/> calls of the pair named <paramref name="which"/> and prints bytes per call by type.</summary>
    public static async Task RunAsync(TextWriter output, string which, int calls)
    {
        using var profile = new AllocationProfile();
        using IEchoPeer peer = which switch
        {
            "typed" => new TypedEcho(64),
            "typedclient" => new TypedClientRawServer(64),
            "typedserver" => RawClientTypedServer.Create(64),
            "raw" => RawDealerClient.WithRawServer(64),
            _ => throw new ArgumentException("Expected typed, typedclient, typedserver or raw.", nameof(which)),
        };

        await peer.RunAsync(2000, 1).ConfigureAwait(false);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        Volatile.Write(ref profile._sampling, 1);
        await peer.RunAsync(calls, 1).ConfigureAwait(false);
        Volatile.Write(ref profile._sampling, 0);
        var total = GC.GetTotalAllocatedBytes(precise: true) - before;

        output.WriteLine($"{which}: {total / (double)calls:N0} B/call (whole process) over {calls:N0} calls; sampled by type, B/call:");
        foreach (var (type, bytes) in profile._bytes.OrderByDescending(static p => p.Value).Take(15))
        {
            output.WriteLine($"  {bytes / (double)calls,8:N0}  {type}");
        }
    }

    /// <inheritdoc/>
    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == RuntimeSource) EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)GcKeyword);
    }

    /// <inheritdoc/>
    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (Volatile.Read(ref _sampling) == 0 || eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true) return;
        var names = eventData.PayloadNames!;
        var payload = eventData.Payload!;
        var type = names.IndexOf("TypeName") is var t and >= 0 ? payload[t] as string ?? "?" : "?";
        var amount = names.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(payload[a], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        _bytes.AddOrUpdate(type, amount, (_, sum) => sum + amount);
    }
}
