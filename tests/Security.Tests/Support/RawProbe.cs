using System.Net.Sockets;
using System.Text;

namespace ZeroContracts.Security.Tests.Support;

/// <summary>
/// A plaintext peer on a raw TCP socket, for the downgrade tests: it speaks legacy ZMTP 1.0 or 2.0 (which NetMQ
/// 4.0.4.5's CURVE sockets accept) or HTTP, and records every byte the CURVE endpoint sends back.
/// </summary>
public static class RawProbe
{
    public static readonly byte[] Http = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");

    /// <summary>A ZMTP 1.0 greeting (an empty identity) followed by <paramref name="frames"/> as one message.</summary>
    public static byte[] Zmtp10(params byte[][] frames)
    {
        var bytes = new List<byte> { 0x01, 0x00 };
        for (var i = 0; i < frames.Length; i++)
        {
            // ZMTP 1.0 frame: length (flags byte included), flags (1 = more), body; short frames only here.
            bytes.Add((byte)(frames[i].Length + 1));
            bytes.Add(i < frames.Length - 1 ? (byte)1 : (byte)0);
            bytes.AddRange(frames[i]);
        }

        return bytes.ToArray();
    }

    /// <summary>A ZMTP 2.0 greeting for <paramref name="socketType"/> (RFC 15 numbering) followed by <paramref name="frames"/>.</summary>
    public static byte[] Zmtp20(byte socketType, params byte[][] frames)
    {
        var bytes = new List<byte> { 0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F, 0x01, socketType, 0x00, 0x00 };
        for (var i = 0; i < frames.Length; i++)
        {
            bytes.Add(i < frames.Length - 1 ? (byte)1 : (byte)0);
            bytes.Add((byte)frames[i].Length);
            bytes.AddRange(frames[i]);
        }

        return bytes.ToArray();
    }

    /// <summary>Sends <paramref name="bytes"/> to <paramref name="endpoint"/>; returns all it got back before the endpoint closed the connection.</summary>
    /// <param name="endpoint">A tcp:// endpoint.</param>
    /// <param name="bytes">What the plaintext peer says.</param>
    /// <param name="afterSend">Runs once the bytes are sent, before reading (a publisher publishes here, say).</param>
    public static async Task<byte[]> SendAsync(string endpoint, byte[] bytes, Action? afterSend = null)
    {
        var uri = new Uri(endpoint);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port).WaitAsync(Keys.Wait);
        var stream = tcp.GetStream();
        try
        {
            await stream.WriteAsync(bytes).AsTask().WaitAsync(Keys.Wait);
        }
        catch (IOException)
        {
            // Closed before everything was written: what came back still counts.
        }

        afterSend?.Invoke();
        var received = new MemoryStream();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(Keys.Wait);
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer, timeout.Token)) > 0) received.Write(buffer, 0, n);
        }
        catch (IOException)
        {
            // A reset is a close too.
        }

        return received.ToArray();
    }

    /// <summary>What a refused peer may see: our ZMTP 3.0 CURVE greeting (or part of it) and nothing after it.</summary>
    public static void ShouldBeGreetingOnly(byte[] received)
    {
        received.Length.ShouldBeLessThanOrEqualTo(64, "nothing but the greeting may reach a refused peer");
        if (received.Length > 0) received.ShouldBe(ZmtpGreeting.Create(asServer: true).Take(received.Length).ToArray());
    }
}
