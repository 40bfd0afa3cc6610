using NetMQ;
using NetMQ.Sockets;
using ZeroContracts.Runtime.Tests.Support;
using ZeroContracts.Transport;

namespace ZeroContracts.Runtime.Tests;

/// <summary>
/// The thread that owns a socket and its turn: the turn is free while the thread waits (unless it keeps it), and
/// stopping from code that holds the turn does not wait for a thread that needs that turn to stop.
/// </summary>
public sealed class SocketThreadTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_turn_is_free_while_the_thread_waits_unless_it_keeps_it(bool keepTurn)
    {
        using var dealer = new DealerSocket();
        var socketThread = new SocketThread<int>(dealer, useMailbox: true);
        var stop = false;
        socketThread.Start("test socket thread", Serve, socketThread.Dispose);

        if (keepTurn)
        {
            // Held throughout: the bound only limits how long the test looks for a wait that lets go of it.
            Monitor.TryEnter(socketThread.Turn, TimeSpan.FromMilliseconds(200)).ShouldBeFalse("the turn was let go of during a wait that keeps it");
        }
        else
        {
            SpinWait.SpinUntil(socketThread.TryTakeTurn, Bounded.Wait).ShouldBeTrue("the turn stayed taken while the thread waited");
            socketThread.HoldsTurn.ShouldBeTrue();
            socketThread.EndTurn();
        }

        var waitsBefore = socketThread.WaitCount;
        Volatile.Write(ref stop, true);

        // The thread ends only on a wait that reports the wake-up: Stop returns once it has.
        await Task.Run(socketThread.Stop).Within();
        socketThread.WaitCount.ShouldBeGreaterThan(waitsBefore);

        void Serve()
        {
            while (true)
            {
                ReceiveUntilNothing(dealer);
                if (socketThread.Wait(-1, keepTurn) && Volatile.Read(ref stop)) return;
            }
        }
    }

    [Fact]
    public async Task Stopping_while_holding_the_turn_only_wakes_the_thread_which_closes_once_the_turn_ends()
    {
        using var dealer = new DealerSocket();
        var socketThread = new SocketThread<int>(dealer, useMailbox: true);
        var stop = false;
        var closedWithTurn = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        socketThread.Start("test socket thread", Serve, Close);

        await Task.Run(() =>
        {
            SpinWait.SpinUntil(socketThread.TryTakeTurn, Bounded.Wait).ShouldBeTrue();
            try
            {
                Volatile.Write(ref stop, true);

                // Joining here would wait for a thread that waits for this turn.
                socketThread.Stop();
                closedWithTurn.Task.IsCompleted.ShouldBeFalse("the thread closed while another thread held the turn");
            }
            finally
            {
                socketThread.EndTurn();
            }
        }).Within();

        (await closedWithTurn.Task.Within()).ShouldBeTrue("the thread closed without the turn");

        void Serve()
        {
            while (!Volatile.Read(ref stop))
            {
                ReceiveUntilNothing(dealer);
                socketThread.Wait(-1, keepTurn: false);
            }
        }

        void Close()
        {
            closedWithTurn.TrySetResult(socketThread.HoldsTurn && socketThread.IsCurrent);
            socketThread.Dispose();
        }
    }

    /// <summary>What SocketWait asks before each wait; otherwise a command left in the mailbox ends every wait at once.</summary>
    private static void ReceiveUntilNothing(DealerSocket dealer)
    {
        while (dealer.TryReceiveFrameBytes(out _))
        {
        }
    }
}
