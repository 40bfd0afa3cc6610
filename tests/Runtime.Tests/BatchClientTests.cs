using System.Text;
using NetMQ.Sockets;
using ZeroContracts.Runtime.Tests.Contracts;
using ZeroContracts.Runtime.Tests.Support;
using static ZeroContracts.Runtime.Tests.Support.RawPeer;

namespace ZeroContracts.Runtime.Tests;

/// <summary>The client packs calls queued together into request batches and falls back when the peer does not take them (docs/protocol.md 2.7).</summary>
public sealed class BatchClientTests
{
    private static readonly ClientOptions Inline = new() { RunContinuationsInline = true };

    [Fact]
    public async Task Calls_queued_together_go_out_as_one_batch_frame_and_take_their_replies_from_reply_batches()
    {
        using var router = new RouterSocket();
        var port = router.BindRandomPort("tcp://127.0.0.1");
        await using var client = new ShapesClient($"tcp://127.0.0.1:{port}", Inline);

        // Before the peer is known to take batches: a probe of at most 1 KiB.
        var probe = Bursts.StartAfter(() => client.EchoStringAsync("warm-up"), i => client.EchoStringAsync($"payload {i}"), 10);
        var warmUp = Receive(router);
        warmUp.Skip(2).ShouldBe(new[] { Array.Empty<byte>(), Compact("EchoString", "warm-up") });
        Send(router, warmUp[0], warmUp[1], Array.Empty<byte>(), Compact("ok", "warm-up"));

        var batch = Receive(router);
        batch.Count.ShouldBe(4);
        batch[1].Length.ShouldBe(4);
        batch[2].ShouldBeEmpty();
        var entries = BatchWire.Entries(batch[3]);
        entries.Select(e => e.Content).ShouldBe(Enumerable.Range(0, 10).Select(i => Compact("EchoString", $"payload {i}")));
        entries.Select(e => e.CallId).Distinct().Count().ShouldBe(10);
        entries.ShouldNotContain(e => e.CallId == BatchWire.Id(batch[1]));
        batch[3].ShouldBe(BatchWire.Frame(entries.ToArray()), "the frame is exactly ~2 batch 0xFF and the entries");

        // Replies in any order; each reaches its own call.
        var replies = entries.AsEnumerable().Reverse().Select(e => (e.CallId, Compact("ok", "re: " + SplitCompact(e.Content).Body))).ToArray();
        Send(router, batch[0], batch[1], Array.Empty<byte>(), BatchWire.Frame(replies));
        var results = await Task.WhenAll(await probe.Within()).Within();
        results.ShouldBe(Enumerable.Range(0, 10).Select(i => (string?)$"re: payload {i}"));

        // Once a reply batch came, up to 64 KiB go in one frame; one request batch may be answered by several reply batches.
        var burst = Bursts.StartAfter(() => client.EchoStringAsync("again"), i => client.EchoStringAsync($"second {i}"), 300);
        var again = Receive(router);
        Send(router, again[0], again[1], Array.Empty<byte>(), Compact("ok", "again"));
        batch = Receive(router);
        entries = BatchWire.Entries(batch[3]);
        entries.Select(e => e.Content).ShouldBe(Enumerable.Range(0, 300).Select(i => Compact("EchoString", $"second {i}")));
        foreach (var part in entries.Chunk(120))
        {
            Send(router, batch[0], batch[1], Array.Empty<byte>(), BatchWire.Frame(part.Select(e => (e.CallId, Compact("ok", SplitCompact(e.Content).Body + "!"))).ToArray()));
        }

        results = await Task.WhenAll(await burst.Within()).Within();
        results.ShouldBe(Enumerable.Range(0, 300).Select(i => (string?)$"second {i}!"));
    }

    public static TheoryData<string> RefusalsOfABatch => new() { "unsupported_version", "garbage", "separate frames", "status alone" };

    [Theory]
    [MemberData(nameof(RefusalsOfABatch))]
    public async Task A_peer_that_answers_the_probe_with_a_plain_reply_gets_every_call_alone_and_never_another_batch(string refusal)
    {
        var alone = 0;
        using var peer = new RouterPeerThread(request =>
        {
            if (!BatchWire.IsBatch(request[3]))
            {
                var body = SplitCompact(request[3]).Body;
                if (body != "warm-up") Interlocked.Increment(ref alone);
                return [request[0], request[1], [], Compact("ok", "\"" + body + "\"")];
            }

            return refusal switch
            {
                "unsupported_version" => [request[0], request[1], [], Compact("error", """{"code":"unsupported_version","message":"this server speaks version 1"}""")],
                "garbage" => [request[0], request[1], [], [0x00, 0xFF, 0x7E, 0x32]],
                "separate frames" => [request[0], request[1], [], Utf8("ok"), Utf8("\"?\"")],
                _ => [request[0], request[1], [], Utf8("ok")],
            };
        });
        await using var client = new ShapesClient(peer.Endpoint, Inline);

        var first = await Bursts.StartAfter(() => client.EchoStringAsync("warm-up"), i => client.EchoStringAsync($"payload {i}"), 20).Within();
        (await Task.WhenAll(first).Within()).ShouldBe(Enumerable.Range(0, 20).Select(i => (string?)$"\"payload {i}\""));
        peer.Batches.ShouldBe(1);

        var second = await Bursts.StartAfter(() => client.EchoStringAsync("warm-up"), i => client.EchoStringAsync($"later {i}"), 50).Within();
        (await Task.WhenAll(second).Within()).ShouldBe(Enumerable.Range(0, 50).Select(i => (string?)$"\"later {i}\""));
        var concurrent = Enumerable.Range(0, 200).Select(i => client.EchoStringAsync($"concurrent {i}")).ToArray();
        (await Task.WhenAll(concurrent).Within()).ShouldBe(Enumerable.Range(0, 200).Select(i => (string?)$"\"concurrent {i}\""));

        peer.Batches.ShouldBe(1, "after the refusal every call goes alone");
        Volatile.Read(ref alone).ShouldBe(20 + 50 + 200, "the probe's calls were sent again, alone");
    }

    [Fact]
    public async Task Malformed_reply_batches_and_entries_for_unknown_calls_are_dropped_without_failing_other_calls()
    {
        using var router = new RouterSocket();
        var port = router.BindRandomPort("tcp://127.0.0.1");
        await using var client = new ShapesClient($"tcp://127.0.0.1:{port}", Inline);

        var calls = Bursts.StartAfter(() => client.EchoStringAsync("warm-up"), i => client.EchoStringAsync($"payload {i}"), 3);
        var warmUp = Receive(router);
        Send(router, warmUp[0], warmUp[1], Array.Empty<byte>(), Compact("ok", "warm-up"));
        var batch = Receive(router);
        var entries = BatchWire.Entries(batch[3]);
        entries.Count.ShouldBe(3);

        void Answer(byte[] frame) => Send(router, batch[0], batch[1], Array.Empty<byte>(), frame);
        Answer(BatchWire.Prefix);
        Answer([.. BatchWire.Prefix, 0, 0, 0, 1, 0, 0]);
        Answer([.. BatchWire.Prefix, .. BatchWire.Entry(entries[0].CallId, Compact("ok", "wrong")).Take(14)]);
        Answer([.. BatchWire.Frame((entries[0].CallId, Compact("ok", "wrong"))), 1, 2, 3]);
        Answer(BatchWire.Frame((123_456_789, Compact("ok", "nobody")), (entries[0].CallId, Compact("ok", "first"))));
        Answer(BatchWire.Frame((entries[1].CallId, Utf8("bogus")), (entries[2].CallId, Utf8("ok"))));

        var started = await calls.Within();
        (await started[0].Within()).ShouldBe("first");
        (await Should.ThrowAsync<RemoteException>(started[1].Within())).Code.ShouldBe(ErrorCodes.BadReply);
        (await started[2].Within()).ShouldBeNull();

        var later = client.EchoStringAsync("later");
        var request = Receive(router);
        Send(router, request[0], request[1], Array.Empty<byte>(), Compact("ok", "later"));
        (await later.Within()).ShouldBe("later");
    }

    [Fact]
    public async Task Bare_framing_never_batches()
    {
        using var peer = new RouterPeerThread(request => [request[0], request[1], [], request[3]]);
        await using var client = new EchoClient(peer.Endpoint, Inline);

        var calls = await Bursts.StartAfter(() => client.EchoAsync("warm-up"), i => client.EchoAsync($"payload {i}"), 20).Within();

        (await Task.WhenAll(calls).Within()).ShouldBe(Enumerable.Range(0, 20).Select(i => $"payload {i}"));
        peer.Batches.ShouldBe(0);
    }

    [Fact]
    public async Task A_call_larger_than_4_KiB_goes_alone_while_the_small_ones_share_a_batch()
    {
        using var peer = new RouterPeerThread(request => BatchWire.IsBatch(request[3])
            ? [request[0], request[1], [], BatchWire.Frame(BatchWire.Entries(request[3]).Select(e => (e.CallId, Compact("ok", "batched"))).ToArray())]
            : [request[0], request[1], [], Compact("ok", "alone")]);
        await using var client = new ShapesClient(peer.Endpoint, Inline);
        var large = new string('x', 5000);

        var calls = await Bursts.StartAfter(() => client.EchoStringAsync("warm-up"), i => client.EchoStringAsync(i == 1 ? large : "small"), 3).Within();

        (await Task.WhenAll(calls).Within()).ShouldBe(new[] { "batched", "alone", "batched" });
        peer.Batches.ShouldBe(1);
    }

    [Fact]
    public async Task Batches_never_exceed_the_clients_own_message_size_limit()
    {
        var largest = 0;
        using var peer = new RouterPeerThread(request =>
        {
            if (!BatchWire.IsBatch(request[3])) return [request[0], request[1], [], Compact("ok", SplitCompact(request[3]).Body)];
            InterlockedMax(ref largest, request.Skip(1).Sum(frame => frame.Length));
            return [request[0], request[1], [], BatchWire.Frame(BatchWire.Entries(request[3]).Select(e => (e.CallId, Compact("ok", SplitCompact(e.Content).Body))).ToArray())];
        });
        await using var client = new ShapesClient(peer.Endpoint, new ClientOptions { RunContinuationsInline = true, MaxMessageSize = 2048 });

        for (var round = 0; round < 3; round++)
        {
            var calls = await Bursts.StartAfter(() => client.EchoStringAsync("warm-up"), i => client.EchoStringAsync($"round {round} call {i}"), 300).Within();
            (await Task.WhenAll(calls).Within()).ShouldBe(Enumerable.Range(0, 300).Select(i => (string?)$"round {round} call {i}"));
        }

        peer.Batches.ShouldBeGreaterThan(3, "once supported, 300 calls need several batches of at most 2 KiB");
        Volatile.Read(ref largest).ShouldBeLessThanOrEqualTo(2048);
    }

    [Fact]
    public async Task A_probe_nobody_answers_is_let_go_once_its_calls_end_and_a_later_burst_probes_again()
    {
        var batchSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var peer = new RouterPeerThread(request =>
        {
            if (!BatchWire.IsBatch(request[3])) return [request[0], request[1], [], Utf8("ok")];
            Volatile.Read(ref batchSeen).TrySetResult();
            return null;
        });
        await using var client = new ShapesClient(peer.Endpoint, Inline);

        // The client lets go of the probe on its next sweep after its calls end; until then a burst goes out call by call
        // and is answered, so bursts are repeated (within a bound) until one is a probe again.
        var probes = 0;
        var deadline = DateTime.UtcNow + Bounded.Wait;
        while (probes < 2)
        {
            (DateTime.UtcNow < deadline).ShouldBeTrue($"no new probe after {probes} probe(s) whose calls all ended");
            Volatile.Write(ref batchSeen, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            var seen = Volatile.Read(ref batchSeen).Task;
            using var cancel = new CancellationTokenSource();
            var calls = await Bursts.StartAfter(() => client.EchoStringAsync("warm-up"), async i => { await client.NothingAsync(cancel.Token); return i; }, 5).Within();
            var answered = Task.WhenAll(calls);
            if (await Task.WhenAny(answered, seen).Within() == answered) continue;

            probes++;
            cancel.Cancel();
            foreach (var call in calls) await Should.ThrowAsync<OperationCanceledException>(call.Within());
        }

        peer.Batches.ShouldBe(2);
        (await client.EchoStringAsync("alone").Within()).ShouldBeNull();
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current) return;
            current = seen;
        }
    }
}
