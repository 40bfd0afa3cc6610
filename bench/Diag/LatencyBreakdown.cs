using System;
using System.Diagnostics;
using System.IO;
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
            var best = new double[pairs.Length];
            Array.Fill(best, double.MaxValue);
            var cpu = new double[pairs.Length];
            Array.Fill(cpu, double.MaxValue);
            var all = new double[pairs.Length][];
            for (var i = 0; i < pairs.Length; i++) all[i] = new double[rounds];
            foreach (var (_, peer) in pairs) await peer.RunAsync(batch * 3, 1).ConfigureAwait(false);
            for (var round = 0; round < rounds; round++)
            {
                for (var i = 0; i < pairs.Length; i++)
                {
                    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                    var clock = Stopwatch.StartNew();
                    await pairs[i].Peer.RunAsync(batch, 1).ConfigureAwait(false);
                    all[i][round] = clock.Elapsed.TotalMilliseconds * 1000 / batch;
                    cpu[i] = Math.Min(cpu[i], (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds * 1000 / batch);
                    best[i] = Math.Min(best[i], all[i][round]);
                }
            }

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
        }
        finally
        {
            foreach (var (_, peer) in pairs) peer.Dispose();
        }
    }
}
