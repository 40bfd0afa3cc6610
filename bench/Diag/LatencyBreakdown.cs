using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ZeroContracts.Bench.Peers;

namespace ZeroContracts.Bench.Diag;

/// <summary>
/// <c>--latency-breakdown [bytes]</c>: one call at a time (64 B unless given), each pair measured in many short batches taken in turn, so that
/// every pair's best batch falls in the same state of a noisy machine. Between raw REQ/REP and the typed stubs it puts
/// the steps in between: a REP socket served by other ways of waiting (a poller, alone or holding what the typed client's
/// held; a NetMQSelector loop or one Socket.Select over the socket and a plain wake-up socket), raw DEALER/ROUTER code
/// exchanging the typed frames, and the typed client against that raw server; the differences say what each layer costs.
/// </summary>
public static class LatencyBreakdown
{
    /// <summary>Measures <paramref name="rounds"/> batches of <paramref name="batch"/> calls per pair and prints each pair's best.</summary>
    /// <param name="output">Where the table goes.</param>
    /// <param name="rounds">Batches per pair.</param>
    /// <param name="batch">Calls per batch.</param>
    /// <param name="payloadBytes">The request and reply payload size.</param>
    public static async Task RunAsync(TextWriter output, int rounds, int batch, int payloadBytes = 64)
    {
        var pairs = new (string Name, IEchoPeer Peer)[]
        {
            ("raw REQ/REP, REP on a blocking thread", new RawReqRep(payloadBytes)),
            ("raw REQ/REP, REP on a NetMQPoller", new RawReqRep(payloadBytes, polled: true)),
            ("raw REQ/REP, REP on a NetMQPoller + inbox PAIR + 50 ms timer", new RawReqRep(payloadBytes, RepLoop.PollerAsClient)),
            ("raw REQ/REP, REP on a NetMQSelector loop + wake socket", new RawReqRep(payloadBytes, RepLoop.Selector)),
            ("raw REQ/REP, REP on one Socket.Select of mailbox + wake socket", new RawReqRep(payloadBytes, RepLoop.MailboxSelect)),
            ("raw DEALER/ROUTER, typed frames, blocking threads", RawDealerClient.WithRawServer(payloadBytes)),
            ("typed client (inline) + raw ROUTER", new TypedClientRawServer(payloadBytes, inline: true)),
            ("typed client + server, inline", new TypedEcho(payloadBytes, inline: true)),
            ("typed client + server, default", new TypedEcho(payloadBytes)),
        };
        try
        {
            foreach (var (_, peer) in pairs) await peer.RunAsync(batch * 3, 1).ConfigureAwait(false);
            var (all, cpu) = await BatchesInTurnAsync(Array.ConvertAll(pairs, static p => p.Peer), rounds, batch).ConfigureAwait(false);
            var best = Array.ConvertAll(all, static times => times.Min());

            output.WriteLine($"One call at a time, {payloadBytes} B, loopback tcp: best and median of {rounds} batches of {batch} calls, pairs taken in turn;");
            output.WriteLine("CPU is the whole process's processor time per call, lowest batch.");
            output.WriteLine();

            // The median as well: the best shows a pair in the machine's quiet state, the median over its mixed states.
            var median = new double[pairs.Length];
            for (var i = 0; i < pairs.Length; i++)
            {
                Array.Sort(all[i]);
                median[i] = all[i][rounds / 2];
            }

            var table = new Quick.MarkdownTable("pair", "µs per call", "× raw REQ/REP", "median µs", "median ×", "CPU µs/call");
            for (var i = 0; i < pairs.Length; i++)
            {
                table.Add(pairs[i].Name, best[i].ToString("F1"), (best[i] / best[0]).ToString("F2"), median[i].ToString("F1"), (median[i] / median[0]).ToString("F2"), cpu[i].ToString("F1"));
            }

            table.Write(output);

            // Each is a socket thread kept away past a tick (SocketThread.RunDeferred): a sign that a batch ran on one.
            output.WriteLine();
            output.WriteLine($"Stand-ins that took over a socket during the batches: {Transport.AwayWatch.StandIns}.");
        }
        finally
        {
            foreach (var (_, peer) in pairs) peer.Dispose();
        }
    }

    /// <summary>
    /// <paramref name="rounds"/> batches of <paramref name="batch"/> calls per peer, the peers in turn: each peer's µs per
    /// call in every round, and its lowest process CPU µs per call.
    /// </summary>
    /// <remarks>
    /// Every batch starts on a thread-pool thread, as a measurement of the quick table does (<see cref="Quick.PairedSets"/>).
    /// Without the yield, the code after a typed peer's batch goes on on the thread that resumed its last caller, the
    /// typed client's socket thread, and the next pair's batch (raw REQ/REP, first in the list) runs there: its blocking
    /// calls hold that socket thread away, so the away watch ticks every millisecond and a stand-in takes over the typed
    /// client's socket for the whole batch, typed machinery running inside raw's measurement. <c>--harness-bias</c> counts
    /// 11 to 21 stand-ins per 24 such sets against 0 to 2 with the yield; what it did to typed/raw at 1 KB was within the
    /// noise of this machine (docs/performance.md, "The quick table and the breakdown").
    /// </remarks>
    internal static async Task<(double[][] MicrosecondsPerCall, double[] LowestCpuPerCall)> BatchesInTurnAsync(IReadOnlyList<IEchoPeer> peers, int rounds, int batch)
    {
        var cpu = new double[peers.Count];
        Array.Fill(cpu, double.MaxValue);
        var all = new double[peers.Count][];
        for (var i = 0; i < peers.Count; i++) all[i] = new double[rounds];
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < peers.Count; i++)
            {
                await Task.Yield();
                var sample = await Quick.Measure.BatchAsync(peers[i], batch).ConfigureAwait(false);
                all[i][round] = sample.Seconds * 1e6 / batch;
                cpu[i] = Math.Min(cpu[i], sample.CpuSeconds * 1e6 / batch);
            }
        }

        return (all, cpu);
    }
}
