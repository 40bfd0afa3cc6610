using System.Collections.Concurrent;
using CsCheck;
using NetMQ.Sockets;
using ZeroContracts.Runtime.Tests.Contracts;
using ZeroContracts.Runtime.Tests.Support;
using static ZeroContracts.Runtime.Tests.Support.RawPeer;

namespace ZeroContracts.Runtime.Tests;

/// <summary>The server runs the entries of a request batch as calls and answers in reply batches (docs/protocol.md 2.7).</summary>
public sealed class BatchServerTests
{
    [Fact]
    public async Task A_request_batch_is_answered_with_reply_batches_carrying_every_entry()
    {
        await using var server = new ShapesServer(new Shapes(), "tcp://127.0.0.1:*");
        server.Start();
        using var dealer = new DealerSocket(server.Endpoint);

        Send(dealer, RequestId(90), [], BatchWire.Frame(
            (1, Compact("Add", """{"a":1,"b":2}""")),
            (2, Utf8("NoArgs")),
            (3, Compact("Nope", "{}")),
            (4, Compact("EchoString", "hi")),
            (5, Compact("Add", "not json")),
            (6, Compact("FailWithCode", """{"code":"not_found","message":"gone"}""")),
            (7, Compact("~1 EchoString", ""))));

        var replies = new Dictionary<uint, byte[]>();
        while (replies.Count < 7)
        {
            var reply = Receive(dealer);
            reply.Count.ShouldBe(3);
            reply[0].ShouldBe(RequestId(90));
            reply[1].ShouldBeEmpty();
            foreach (var (callId, content) in BatchWire.Entries(reply[2])) replies.Add(callId, content);
        }

        replies[1].ShouldBe(Compact("ok", "3"));
        replies[2].ShouldBe(Utf8("ok"));
        SplitCompact(replies[3]).Head.ShouldBe("error");
        SplitCompact(replies[3]).Body.ShouldContain("\"code\":\"unknown_operation\"");
        replies[4].ShouldBe(Compact("ok", "hi"));
        SplitCompact(replies[5]).Body.ShouldContain("\"code\":\"bad_request\"");
        SplitCompact(replies[6]).Body.ShouldContain("\"code\":\"not_found\"");
        replies[7].ShouldBe(Compact("ok", ""));
    }

    public static TheoryData<string, byte[]> MalformedBatches
    {
        get
        {
            var noArgs = Utf8("NoArgs");
            var data = new TheoryData<string, byte[]>
            {
                { "no entries", BatchWire.Prefix },
                { "truncated entry header", [.. BatchWire.Prefix, 0, 0, 0, 1, 0, 0] },
                { "length overruns the frame", [.. BatchWire.Prefix, 0, 0, 0, 1, 0, 0, 0, 50, .. noArgs] },
                { "length far beyond the frame", [.. BatchWire.Prefix, 0, 0, 0, 1, 0xFF, 0xFF, 0xFF, 0xFF, .. noArgs] },
                { "trailing bytes after a valid entry", [.. BatchWire.Frame((1, noArgs)), 1, 2, 3] },
                { "duplicate call ids", BatchWire.Frame((1, noArgs), (2, noArgs), (1, noArgs)) },
                { "an empty entry", BatchWire.Frame((1, noArgs), (2, [])) },
                { "an entry that is not an operation name", BatchWire.Frame((1, noArgs), (2, Compact("no such name!", "{}"))) },
                { "a cancel as an entry", BatchWire.Frame((1, noArgs), (2, Utf8("!cancel"))) },
                { "a batch inside a batch", BatchWire.Frame((1, noArgs), (2, BatchWire.Frame((3, noArgs)))) },
                { "an unknown version in an entry", BatchWire.Frame((1, noArgs), (2, Utf8("~3 NoArgs"))) },
                { "more than 1024 entries", BatchWire.Frame(Enumerable.Range(0, 1025).Select(i => ((uint)i, noArgs)).ToArray()) },
            };
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(MalformedBatches))]
    public async Task A_malformed_batch_is_answered_bad_request_on_its_envelope_and_nothing_in_it_runs(string shape, byte[] frame)
    {
        var service = new Shapes();
        await using var server = new ShapesServer(service, "tcp://127.0.0.1:*");
        server.Start();
        using var dealer = new DealerSocket(server.Endpoint);

        Send(dealer, RequestId(77), [], frame);

        var reply = Receive(dealer);
        reply.Count.ShouldBe(3, shape);
        reply[0].ShouldBe(RequestId(77));
        var (status, body) = SplitCompact(reply[2]);
        status.ShouldBe("error", shape);
        body.ShouldContain("\"code\":\"bad_request\"", Case.Sensitive, shape);

        Send(dealer, RequestId(78), [], Utf8("CallCount"));
        // Nothing of the batch ran, and the server goes on.
        Receive(dealer).ShouldBe(new[] { RequestId(78), Array.Empty<byte>(), Utf8("ok"), Utf8("0") });
    }

    [Fact]
    public async Task A_batch_without_a_batch_id_in_its_envelope_is_answered_bad_request()
    {
        await using var server = new ShapesServer(new Shapes(), "tcp://127.0.0.1:*");
        server.Start();
        using var dealer = new DealerSocket(server.Endpoint);

        Send(dealer, [], BatchWire.Frame((1, Utf8("NoArgs")), (2, Utf8("NoArgs"))));

        var reply = Receive(dealer);
        reply.Count.ShouldBe(2);
        reply[0].ShouldBeEmpty();
        SplitCompact(reply[1]).Body.ShouldContain("\"code\":\"bad_request\"");
    }

    [Fact]
    public async Task Any_bytes_after_the_batch_header_get_one_answer_and_the_server_keeps_serving()
    {
        await using var server = new ShapesServer(new Shapes(), "tcp://127.0.0.1:*");
        server.Start();
        using var dealer = new DealerSocket(server.Endpoint);
        uint id = 1000;

        // Random entry headers with names that sometimes are operations: most batches are malformed, a few run.
        var entry = Gen.Select(Gen.UInt[0, 4], Gen.UInt[0, 12], Gen.OneOf<string>("NoArgs", "Add", "x y", "", "CallCount", "~2 batch"), Gen.Byte.Array[0, 6],
            (callId, length, name, tail) => BatchWire.Entry(callId, [.. Utf8(name), .. tail]).Take(8).Concat(Utf8(name).Take((int)length)).Concat(tail).ToArray());
        Gen.Select(entry.Array[0, 4], Gen.Byte.Array[0, 3], (entries, trailer) => entries.SelectMany(e => e).Concat(trailer).ToArray()).Sample(content =>
        {
            id++;
            Send(dealer, RequestId(id), [], [.. BatchWire.Prefix, .. content]);
            var reply = Receive(dealer);
            reply[0].ShouldBe(RequestId(id));
            if (!BatchWire.IsBatch(reply[2])) SplitCompact(reply[2]).Body.ShouldContain("\"code\":\"bad_request\"");

            // Drain every reply batch of a batch that ran, so the next round reads its own answer.
            var answered = BatchWire.IsBatch(reply[2]) ? BatchWire.Entries(reply[2]).Count : 0;
            var expected = answered == 0 ? 0 : ExpectedEntries(content);
            while (answered < expected) answered += BatchWire.Entries(Receive(dealer)[2]).Count;
        }, iter: 150, threads: 1);

        Send(dealer, RequestId(1), [], Compact("Add", """{"a":1,"b":1}"""));
        Receive(dealer).ShouldBe(new[] { RequestId(1), Array.Empty<byte>(), Compact("ok", "2") });
    }

    /// <summary>How many entries a batch that the server accepted holds.</summary>
    private static int ExpectedEntries(byte[] content) => BatchWire.Entries([.. BatchWire.Prefix, .. content]).Count;

    [Fact]
    public async Task Cancelling_one_call_of_a_batch_signals_its_handlers_token_and_the_others_are_answered()
    {
        var service = new Patience();
        await using var server = new PatienceServer(service, "tcp://127.0.0.1:*");
        server.Start();
        using var dealer = new DealerSocket(server.Endpoint);

        Send(dealer, RequestId(50), [], BatchWire.Frame((100, Compact("Wait", "1")), (101, Compact("Wait", "2"))));
        var started = new[] { await service.Started.Reader.ReadAsync().AsTask().Within(), await service.Started.Reader.ReadAsync().AsTask().Within() };
        started.Order().ShouldBe(new[] { 1, 2 });

        // The cancel names the call id of the entry, as for a call sent alone (docs/protocol.md 4.1).
        Send(dealer, RequestId(100), [], Utf8("!cancel"));
        (await service.Cancelled.Reader.ReadAsync().AsTask().Within()).ShouldBe(1);
        service.Release();

        var reply = Receive(dealer);
        reply[0].ShouldBe(RequestId(50));
        var entry = BatchWire.Entries(reply[2]).ShouldHaveSingleItem();
        entry.CallId.ShouldBe(101u);
        entry.Content.ShouldBe(Compact("ok", "2"));
    }

    [Fact]
    public async Task A_client_cancelling_a_batched_call_reaches_its_handler()
    {
        var service = new Patience();
        var events = new ConcurrentQueue<ServerEvent>();
        await using var server = new PatienceServer(service, "tcp://127.0.0.1:*", new ServerOptions { OnEvent = events.Enqueue });
        server.Start();
        await using var client = new PatienceClient(server.Endpoint, new ClientOptions { RunContinuationsInline = true });
        using var cancel = new CancellationTokenSource();

        var calls = await Bursts.StartAfter(() => client.QuickAsync(0), i => client.WaitAsync(i + 1, i == 1 ? cancel.Token : CancellationToken.None), 3).Within();
        for (var i = 0; i < 3; i++) await service.Started.Reader.ReadAsync().AsTask().Within();
        cancel.Cancel();

        await Should.ThrowAsync<OperationCanceledException>(calls[1].Within());
        (await service.Cancelled.Reader.ReadAsync().AsTask().Within()).ShouldBe(2);
        service.Release();
        (await calls[0].Within()).ShouldBe(1);
        (await calls[2].Within()).ShouldBe(3);
        events.ShouldContain(e => e.Kind == ServerEventKind.CallCancelled && e.Operation == "Wait");
    }

    [Fact]
    public async Task A_server_that_accepts_less_than_64_KiB_answers_batches_unsupported_version_and_its_clients_fall_back()
    {
        await using var server = new ShapesServer(new Shapes(), "tcp://127.0.0.1:*", new ServerOptions { MaxMessageSize = 32 * 1024 });
        server.Start();
        using (var dealer = new DealerSocket(server.Endpoint))
        {
            Send(dealer, RequestId(5), [], BatchWire.Frame((1, Utf8("NoArgs")), (2, Utf8("NoArgs"))));
            var reply = Receive(dealer);
            reply.Count.ShouldBe(3);
            SplitCompact(reply[2]).Body.ShouldContain("\"code\":\"unsupported_version\"");
        }

        await using var client = new ShapesClient(server.Endpoint, new ClientOptions { RunContinuationsInline = true });
        var calls = await Bursts.StartAfter(() => client.EchoStringAsync("warm-up"), i => client.EchoStringAsync($"payload {i}"), 50).Within();
        (await Task.WhenAll(calls).Within()).ShouldBe(Enumerable.Range(0, 50).Select(i => (string?)$"payload {i}"));
    }

    public static TheoryData<bool, bool> Inlining => new() { { false, false }, { true, false }, { false, true }, { true, true } };

    [Theory]
    [MemberData(nameof(Inlining))]
    public async Task Five_hundred_concurrent_calls_with_distinct_payloads_each_get_their_own_answer(bool clientInline, bool serverInline)
    {
        // Up to 1,001 replies are on their way at once, more than the ROUTER's default send queue (1,000) holds, and the
        // queue counts as full even when the I/O thread has taken most of it, since that thread reports what it took only
        // every 500 messages: a reply that finds it full waits in the server (HeldReplies) instead of being dropped, as a
        // plain ROUTER would (under load the last reply of the first round was lost that way, 2 runs in about 25).
        await using var server = new ShapesServer(new Shapes(), "tcp://127.0.0.1:*", new ServerOptions { RunHandlersInline = serverInline });
        server.Start();
        await using var client = new ShapesClient(server.Endpoint, new ClientOptions { RunContinuationsInline = clientInline });

        // Bursts from the socket thread (batched for sure when inline) mixed with calls from many threads, a few too large to batch.
        for (var round = 0; round < 3; round++)
        {
            var burst = Bursts.StartAfter(() => client.EchoStringAsync("warm-up"), i => client.EchoStringAsync(Payload(round, i)), 500, onSocketThread: clientInline);
            var spread = Enumerable.Range(0, 500).Select(i => Task.Run(async () => await client.AddAsync(round * 1000, i))).ToArray();
            (await Task.WhenAll(await burst.Within()).Within()).ShouldBe(Enumerable.Range(0, 500).Select(i => (string?)Payload(round, i)));
            (await Task.WhenAll(spread).Within()).ShouldBe(Enumerable.Range(0, 500).Select(i => round * 1000 + i));
        }

        static string Payload(int round, int i) => i % 97 == 0 ? new string((char)('a' + i % 26), 5000) : $"round {round} call {i}";
    }
}
