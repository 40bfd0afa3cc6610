using ZeroContracts.Runtime.Tests.Contracts;
using ZeroContracts.Runtime.Tests.Support;
using ZeroContracts.Transport;

namespace ZeroContracts.Runtime.Tests;

/// <summary>
/// Work released together by a socket thread hands back what it produces with one wake-up for all (ResumeWave), and a
/// member that blocks cannot hold back what the others handed back for longer than a moment.
/// </summary>
public sealed class ResumeWaveTests
{
    [Fact]
    public void Only_the_last_member_to_finish_wakes_the_owner_and_membership_is_per_thread_and_nested()
    {
        var wave = new ResumeWave();
        var other = new ResumeWave();
        wave.Add();
        wave.Add();
        wave.HasPending.ShouldBeTrue();
        wave.IsRunningHere.ShouldBeFalse();

        var outer = wave.Enter();
        wave.IsRunningHere.ShouldBeTrue();
        var inner = other.Enter();
        other.Add();
        other.IsRunningHere.ShouldBeTrue();
        wave.IsRunningHere.ShouldBeFalse();
        other.Exit(inner).ShouldBeTrue();
        wave.IsRunningHere.ShouldBeTrue("leaving the inner wave restores the outer one");
        var seenElsewhere = true;
        var elsewhere = new Thread(() => seenElsewhere = wave.IsRunningHere);
        elsewhere.Start();
        elsewhere.Join(Bounded.Wait).ShouldBeTrue();
        seenElsewhere.ShouldBeFalse("another thread is not in the wave");
        wave.Exit(outer).ShouldBeFalse("one member is still pending");
        wave.IsRunningHere.ShouldBeFalse();

        wave.Exit(wave.Enter()).ShouldBeTrue();
        wave.HasPending.ShouldBeFalse();
    }

    [Fact]
    public void The_hold_doubles_while_the_socket_thread_finds_nothing_and_starts_again_when_it_finds_work()
    {
        var wave = new ResumeWave();
        wave.NextHold(foundWork: true).ShouldBe(ResumeWave.MinHoldMilliseconds);
        var holds = Enumerable.Range(0, 8).Select(_ => wave.NextHold(foundWork: false)).ToArray();
        holds.ShouldBe(new[] { 2, 4, 8, 16, 32, 32, 32, 32 });
        holds.Max().ShouldBe(ResumeWave.MaxHoldMilliseconds);
        wave.NextHold(foundWork: true).ShouldBe(ResumeWave.MinHoldMilliseconds);
    }

    [Fact]
    public async Task A_resumed_caller_that_blocks_on_a_call_it_started_still_gets_its_reply()
    {
        await using var server = new HoldingServer(new Holding(), "tcp://127.0.0.1:*");
        server.Start();
        await using var client = new HoldingClient(server.Endpoint);

        // The caller resumes on the thread pool as a member of the client's wave, so the call it starts there is queued
        // without a wake-up, and the caller then blocks until that call is answered. Only the socket thread's bounded
        // wait sends it: a client that waited for the wave to end first would leave it blocked for good.
        var nested = await Task.Run(async () =>
        {
            await client.QuickAsync(1);
            return client.QuickAsync(2).Wait(TimeSpan.FromSeconds(20));
        }).Within();

        nested.ShouldBeTrue("the call started by the resumed caller was answered while that caller blocked");
    }

    [Fact]
    public async Task A_handler_that_blocks_does_not_hold_back_the_replies_of_handlers_that_finished()
    {
        var service = new Holding();
        await using var server = new HoldingServer(service, "tcp://127.0.0.1:*");
        server.Start();
        await using var client = new HoldingClient(server.Endpoint);
        await client.QuickAsync(0).Within();

        // Both handlers run on the thread pool in the server's wave; the quick one's reply is queued quietly while the
        // blocked one runs. It must still go out: here the blocked handler is released only once that reply has come.
        var held = client.HoldAsync(1);
        var quick = client.QuickAsync(2);
        (await quick.Within()).ShouldBe(2);
        service.Release();
        (await held.Within()).ShouldBe(1);
    }
}
