using System;
using System.Collections.Generic;
using NetMQ;

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
        if (string.IsNullOrWhiteSpace(endpoints)) throw new ArgumentException("An endpoint such as tcp://127.0.0.1:5555 is required.", nameof(endpoints));

        var attached = new List<string>();
        foreach (var part in endpoints.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var bind = bindByDefault;
            var address = part;
            if (part[0] == '@')
            {
                bind = true;
                address = part.Substring(1);
            }
            else if (part[0] == '>')
            {
                bind = false;
                address = part.Substring(1);
            }

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

        if (attached.Count == 0) throw new ArgumentException($"No endpoint in '{endpoints}'.", nameof(endpoints));
        return string.Join(",", attached);
    }

    /// <summary>Applies the options every ZeroContracts socket shares.</summary>
    public static void Configure(NetMQSocket socket, SocketOptionsBase options)
    {
        socket.Options.Linger = options.Linger;
        socket.Options.SendHighWatermark = options.SendHighWaterMark;
        socket.Options.ReceiveHighWatermark = options.ReceiveHighWaterMark;
        socket.Options.MaxMsgSize = options.MaxMessageSize;
    }
}
