using System;
using System.Collections.Generic;
using NetMQ;
using NetMQ.Sockets;
using ZeroContracts.Security;

namespace ZeroContracts.Transport;

/// <summary>
/// Binds or connects a socket to a comma-separated endpoint list, NetMQ style: a leading <c>@</c> binds, <c>&gt;</c>
/// connects, no prefix does the socket's default.
/// </summary>
internal static class Endpoints
{
    /// <summary>Attaches <paramref name="socket"/>; returns the endpoints as attached, with the real port of each bind.</summary>
    public static string Attach(NetMQSocket socket, string endpoints, bool bindByDefault)
    {
        var attached = new List<string>();
        foreach (var (bind, address) in Parse(endpoints, bindByDefault))
        {
            if (bind)
            {
                socket.Bind(address);
                attached.Add(socket.Options.LastEndpoint ?? address);
            }
            else
            {
                socket.Connect(address);
                attached.Add(address);
            }
        }

        return string.Join(",", attached);
    }

    /// <summary>
    /// Attaches <paramref name="socket"/>, through a <see cref="CurveGateway"/> when <paramref name="options"/> ask for
    /// CURVE: the socket then binds only a private inproc endpoint and the gateway owns the TCP side, so no NetMQ
    /// socket ever listens on or dials the network in CURVE mode (docs/protocol.md section 7).
    /// </summary>
    /// <returns>The endpoints as attached, with the real port of each bind.</returns>
    /// <remarks>Set <c>gateway</c> aside and dispose it with the socket; it is null without CURVE. <c>peersChanged</c> hears
    /// +1/-1 for each CURVE connection, which NetMQ's monitor cannot see over inproc.</remarks>
    /// <exception cref="ArgumentException">A CURVE server with a connecting endpoint, a CURVE client with a binding one, or a CURVE endpoint that is not tcp.</exception>
    public static string Attach(NetMQSocket socket, string endpoints, bool bindByDefault, SocketOptionsBase options, out CurveGateway? gateway, Action<int>? peersChanged = null)
    {
        gateway = null;
        var server = options.CurveServer is not null;
        if (!server && options.CurveClient is null) return Attach(socket, endpoints, bindByDefault);

        var parts = Parse(endpoints, bindByDefault);
        foreach (var (bind, address) in parts)
        {
            if (!address.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"CURVE secures tcp:// endpoints only; '{address}' is not one.", nameof(endpoints));
            if (bind && !server)
                throw new ArgumentException($"'{address}' binds, but CurveClient is set: the side that binds is the CURVE server. Set CurveServer, or connect ('>').", nameof(endpoints));
            if (!bind && server)
                throw new ArgumentException($"'{address}' connects, but CurveServer is set: the side that binds is the CURVE server. Set CurveClient, or bind ('@').", nameof(endpoints));
        }

        var created = new CurveGateway(SocketTypeOf(socket), options, peersChanged);
        try
        {
            socket.Bind(created.InprocAddress);
            var attached = new List<string>();
            foreach (var (_, address) in parts)
            {
                if (server)
                {
                    attached.Add(created.Listen(address));
                }
                else
                {
                    created.Connect(address);
                    attached.Add(address);
                }
            }

            gateway = created;
            return string.Join(",", attached);
        }
        catch
        {
            created.Dispose();
            throw;
        }
    }

    private static List<(bool Bind, string Address)> Parse(string endpoints, bool bindByDefault)
    {
        if (string.IsNullOrWhiteSpace(endpoints)) throw new ArgumentException("An endpoint such as tcp://127.0.0.1:5555 is required.", nameof(endpoints));

        var parts = new List<(bool, string)>();
        foreach (var part in endpoints.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            parts.Add(part[0] switch
            {
                '@' => (true, part.Substring(1)),
                '>' => (false, part.Substring(1)),
                _ => (bindByDefault, part),
            });
        }

        if (parts.Count == 0) throw new ArgumentException($"No endpoint in '{endpoints}'.", nameof(endpoints));
        return parts;
    }

    private static ZmtpSocketType SocketTypeOf(NetMQSocket socket) => socket switch
    {
        RouterSocket => ZmtpSocketType.Router,
        DealerSocket => ZmtpSocketType.Dealer,
        XPublisherSocket => ZmtpSocketType.XPub,
        SubscriberSocket => ZmtpSocketType.Sub,
        PushSocket => ZmtpSocketType.Push,
        PullSocket => ZmtpSocketType.Pull,
        _ => throw new NotSupportedException($"CURVE is not available on a {socket.GetType().Name}."),
    };

    /// <summary>Applies the options every ZeroContracts socket shares.</summary>
    public static void Configure(NetMQSocket socket, SocketOptionsBase options)
    {
        socket.Options.Linger = options.Linger;
        socket.Options.SendHighWatermark = options.SendHighWaterMark;
        socket.Options.ReceiveHighWatermark = options.ReceiveHighWaterMark;
        socket.Options.MaxMsgSize = options.MaxMessageSize;
    }
}
