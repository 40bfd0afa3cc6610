using CsCheck;
using NetMQ;
using NetMQ.Sockets;
using ZeroContracts.Runtime.Tests.Contracts;
using ZeroContracts.Runtime.Tests.Support;
using static ZeroContracts.Runtime.Tests.Support.RawPeer;

namespace ZeroContracts.Runtime.Tests;

/// <summary>A hostile or broken server cannot hang or crash a client: every reply is decoded or rejected with a typed error.</summary>
public sealed class ReplyDecoderTests
{
    [Fact]
    public async Task Random_replies_fail_the_call_with_a_typed_error_or_are_dropped_and_the_client_keeps_working()
    {
        using var router = new RouterSocket();
        var port = router.BindRandomPort("tcp://127.0.0.1");
        await using var client = new ShapesClient($"tcp://127.0.0.1:{port}", new ClientOptions { CallTimeout = TimeSpan.FromMilliseconds(150) });

        var frame = Gen.OneOf(
            Gen.Byte.Array[0, 30],
            Gen.Const(Array.Empty<byte>()),
            Gen.OneOf<string>("ok", "error", "{}", """{"code":1}""", """{"code":"x","message":"y"}""", "null", "42", "[", "\"\"").Select(Utf8));
        var garbage = frame.Array[0, 5];
        var outcomes = new Dictionary<string, int>();

        foreach (var (body, index) in garbage.Array[24].Single().Select((g, i) => (g, i)))
        {
            var call = client.AddAsync(index, 1).AsTask();
            var request = ReceiveRequest(router);

            // Keep the routing id and request id half the time, so some garbage reaches the call's decoder.
            var prefix = index % 2 == 0 ? new[] { request[0], request[1], Array.Empty<byte>() } : new[] { request[0] };
            Send(router, prefix.Concat(body).DefaultIfEmpty(Array.Empty<byte>()).ToArray());

            var outcome = await Outcome(call);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        outcomes.Keys.ShouldBeSubsetOf(new[] { "ok", nameof(RemoteException), nameof(TimeoutException) });

        // After all that the client still pairs a request with its own reply.
        var last = client.AddAsync(20, 22).AsTask();
        var final = ReceiveRequest(router);
        Send(router, final[0], final[1], Array.Empty<byte>(), Utf8("ok"), Utf8("42"));
        (await last.Within()).ShouldBe(42);
    }

    private static async Task<string> Outcome(Task<int> call)
    {
        try
        {
            await call.Within();
            return "ok";
        }
        catch (Exception e) when (e is RemoteException or TimeoutException)
        {
            return e.GetType().Name;
        }
    }
}
