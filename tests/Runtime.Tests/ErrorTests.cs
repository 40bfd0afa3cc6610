using NetMQ.Sockets;
using ZeroContracts.Runtime.Tests.Contracts;
using ZeroContracts.Runtime.Tests.Support;
using static ZeroContracts.Runtime.Tests.Support.RawPeer;

namespace ZeroContracts.Runtime.Tests;

/// <summary>Failures reach the caller as the documented exception types, and never harm the server.</summary>
public sealed class ErrorTests
{
    [Fact]
    public async Task A_handler_exception_is_a_RemoteException_without_details_by_default()
    {
        var events = new List<ServerEvent>();
        await using var server = new ShapesServer(new Shapes(), "inproc://errors-default-" + Guid.NewGuid(), new ServerOptions { OnEvent = e => { lock (events) events.Add(e); } });
        server.Start();
        await using var client = new ShapesClient(server.Endpoint);

        var error = await Should.ThrowAsync<RemoteException>(client.ThrowAsync("secret detail").Within());

        error.Code.ShouldBe(ErrorCodes.Internal);
        error.Message.ShouldNotContain("secret detail");
        error.RemoteType.ShouldBeNull();
        error.Operation.ShouldBe("Throw");
        lock (events) events.ShouldContain(e => e.Kind == ServerEventKind.HandlerFailed && e.Exception is InvalidOperationException);
    }

    [Theory]
    [InlineData(ExceptionDetail.Message)]
    [InlineData(ExceptionDetail.Full)]
    public async Task Exception_details_are_sent_when_the_server_allows_them(ExceptionDetail detail)
    {
        await using var server = new ShapesServer(new Shapes(), "inproc://errors-detail-" + Guid.NewGuid(), new ServerOptions { ExceptionDetail = detail });
        server.Start();
        await using var client = new ShapesClient(server.Endpoint);

        var error = await Should.ThrowAsync<RemoteException>(client.ThrowAsync("visible detail").Within());

        error.Code.ShouldBe(ErrorCodes.Internal);
        error.Message.ShouldBe("visible detail");
        error.RemoteType.ShouldBe(typeof(InvalidOperationException).FullName);
        if (detail == ExceptionDetail.Full) error.RemoteStackTrace.ShouldNotBeNullOrEmpty();
        else error.RemoteStackTrace.ShouldBeNull();
    }

    [Fact]
    public async Task A_RemoteException_thrown_by_a_handler_keeps_its_code_and_message()
    {
        await using var server = new ShapesServer(new Shapes(), "inproc://errors-code-" + Guid.NewGuid());
        server.Start();
        await using var client = new ShapesClient(server.Endpoint);

        var error = await Should.ThrowAsync<RemoteException>(client.FailWithCodeAsync("not_found", "No such thing").Within());

        error.Code.ShouldBe("not_found");
        error.Message.ShouldBe("No such thing");
    }

    [Fact]
    public async Task No_reply_in_time_is_a_TimeoutException_and_the_server_still_serves()
    {
        await using var server = new ShapesServer(new Shapes(), "tcp://127.0.0.1:*");
        server.Start();
        await using var impatient = new ShapesClient(server.Endpoint, new ClientOptions { CallTimeout = TimeSpan.FromMilliseconds(300) });
        await using var patient = new ShapesClient(server.Endpoint);

        var error = await Should.ThrowAsync<TimeoutException>(impatient.SlowAsync(5_000, CancellationToken.None).Within());

        error.Message.ShouldContain("Slow");
        (await patient.AddAsync(1, 2).Within()).ShouldBe(3);
    }

    [Fact]
    public async Task A_late_reply_is_dropped_and_the_next_calls_get_their_own_answers()
    {
        // A plain ROUTER plays a server that ignores the client's cancel and answers anyway, late.
        using var router = new RouterSocket();
        var port = router.BindRandomPort("tcp://127.0.0.1");
        await using var client = new ShapesClient($"tcp://127.0.0.1:{port}");
        using var cancel = new CancellationTokenSource();

        var abandoned = client.SlowAsync(300, cancel.Token);
        var request = Receive(router);
        cancel.Cancel();
        await Should.ThrowAsync<OperationCanceledException>(abandoned.Within());
        var cancelMessage = Receive(router);
        cancelMessage.Count.ShouldBe(4);
        cancelMessage[1].ShouldBe(request[1]);
        cancelMessage[2].ShouldBeEmpty();
        Text(cancelMessage[3]).ShouldBe("!cancel");
        Send(router, request[0], request[1], Array.Empty<byte>(), Utf8("ok"), Utf8("\"late\""));

        // Each call must still get exactly its own answer.
        for (var i = 0; i < 20; i++)
        {
            var call = client.EchoStringAsync($"call {i}");
            var echo = Receive(router);
            Send(router, echo[0], echo[1], Array.Empty<byte>(), Compact("ok", SplitCompact(echo[3]).Body));
            (await call.Within()).ShouldBe($"call {i}");
        }
    }

    [Fact]
    public async Task A_cancelled_call_throws_OperationCanceledException()
    {
        var service = new Shapes();
        await using var server = new ShapesServer(service, "tcp://127.0.0.1:*");
        server.Start();
        await using var client = new ShapesClient(server.Endpoint);
        using var cancel = new CancellationTokenSource();

        var call = client.SlowAsync(10_000, cancel.Token);
        await service.SlowStarted.Task.Within();
        cancel.Cancel();

        await Should.ThrowAsync<OperationCanceledException>(call.Within());
        (await client.AddAsync(2, 2).Within()).ShouldBe(4);
    }

    [Fact]
    public async Task An_already_cancelled_token_fails_without_sending()
    {
        var service = new Shapes();
        await using var server = new ShapesServer(service, "inproc://errors-precancel-" + Guid.NewGuid());
        server.Start();
        await using var client = new ShapesClient(server.Endpoint);

        await Should.ThrowAsync<OperationCanceledException>(client.LineAsync(1, "x", new CancellationToken(canceled: true)).Within());

        (await client.CallCountAsync().Within()).ShouldBe(0);
    }

    [Fact]
    public async Task An_unknown_operation_is_reported_as_unknown_operation()
    {
        await using var server = new ShapesServer(new Shapes(), "inproc://errors-unknown-" + Guid.NewGuid());
        server.Start();
        await using var other = new OtherClient(server.Endpoint);

        var error = await Should.ThrowAsync<RemoteException>(other.NotOnShapesAsync().Within());

        error.Code.ShouldBe(ErrorCodes.UnknownOperation);
        error.Message.ShouldContain("NotOnShapes");
    }

    [Fact]
    public async Task Disposing_the_client_fails_calls_still_waiting()
    {
        await using var server = new ShapesServer(new Shapes(), "tcp://127.0.0.1:*");
        server.Start();
        var client = new ShapesClient(server.Endpoint);
        var waiting = client.SlowAsync(10_000, CancellationToken.None);

        client.Dispose();

        await Should.ThrowAsync<ObjectDisposedException>(waiting.Within());
        await Should.ThrowAsync<ObjectDisposedException>(client.AddAsync(1, 1).Within());
    }

    [Fact]
    public async Task Disposing_the_server_cancels_running_handlers()
    {
        var service = new Shapes();
        var server = new ShapesServer(service, "tcp://127.0.0.1:*");
        server.Start();
        await using var client = new ShapesClient(server.Endpoint, new ClientOptions { CallTimeout = TimeSpan.FromMilliseconds(500) });
        var waiting = client.SlowAsync(10_000, CancellationToken.None);
        await service.SlowStarted.Task.Within();

        server.Dispose();

        (await service.SlowEnded.Task.Within()).ShouldBeTrue();
        await Should.ThrowAsync<TimeoutException>(waiting.Within());
    }

    [Fact]
    public async Task A_request_larger_than_the_client_limit_is_refused_before_sending()
    {
        await using var server = new ShapesServer(new Shapes(), "inproc://errors-big-" + Guid.NewGuid());
        server.Start();
        await using var client = new ShapesClient(server.Endpoint, new ClientOptions { MaxMessageSize = 1000 });

        var error = await Should.ThrowAsync<MessageTooLargeException>(client.EchoBytesAsync(new byte[2000]).Within());

        error.Limit.ShouldBe(1000);
        (await client.CallCountAsync().Within()).ShouldBe(0);
    }

    [Fact]
    public async Task A_server_over_its_limits_answers_overloaded()
    {
        var service = new Shapes();
        await using var server = new ShapesServer(service, "tcp://127.0.0.1:*", new ServerOptions { MaxConcurrentCalls = 1, MaxQueuedCalls = 1 });
        server.Start();
        await using var client = new ShapesClient(server.Endpoint, new ClientOptions { CallTimeout = TimeSpan.FromSeconds(30) });
        using var cancel = new CancellationTokenSource();

        var running = client.SlowAsync(30_000, cancel.Token);
        await service.SlowStarted.Task.Within();
        var queued = client.SlowAsync(30_000, cancel.Token);
        var error = await Should.ThrowAsync<RemoteException>(client.AddAsync(1, 1).Within());

        error.Code.ShouldBe(ErrorCodes.Overloaded);
        cancel.Cancel();
        await Should.ThrowAsync<OperationCanceledException>(running.Within());
        await Should.ThrowAsync<OperationCanceledException>(queued.Within());
    }
}
