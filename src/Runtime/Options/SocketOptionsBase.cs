using System;
using System.Text.Json;

namespace ZeroContracts;

/// <summary>Settings shared by every ZeroContracts endpoint: limits, queues and serialization.</summary>
public abstract class SocketOptionsBase
{
    /// <summary>
    /// The largest message (all frames together) this side accepts, in bytes. A peer that sends more is
    /// disconnected by the transport before the message is allocated. Default 4 MiB, as gRPC's. A request/reply server
    /// set below 64 KiB takes no request batches (it answers them <c>unsupported_version</c>, so its clients send every
    /// call alone), and a client never sends a batch larger than its own limit (docs/protocol.md 2.7).
    /// </summary>
    public int MaxMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// How many messages may queue for sending before sends wait (ZeroMQ's SNDHWM), per connection. Default 1000; 0: no
    /// limit. A request/reply server does not wait: a reply to a client whose queue is full waits in the server
    /// instead (<see cref="ServerOptions.MaxHeldReplies"/>). A publisher drops what a subscriber's full queue cannot
    /// take (docs/protocol.md 5.5); a pusher waits.
    /// </summary>
    public int SendHighWaterMark { get; set; } = 1000;

    /// <summary>How many received messages may queue before the transport stops reading (ZeroMQ's RCVHWM). Default 1000.</summary>
    public int ReceiveHighWaterMark { get; set; } = 1000;

    /// <summary>How long unsent messages are kept when the endpoint is disposed (ZeroMQ's LINGER). Default zero.</summary>
    public TimeSpan Linger { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// The serializer settings for every value that is not a <see cref="string"/> or <see cref="byte"/>[].
    /// Set <see cref="JsonSerializerOptions.TypeInfoResolver"/> to a source-generated
    /// <see cref="System.Text.Json.Serialization.JsonSerializerContext"/> for trimmed or native AOT applications.
    /// Default: one shared instance with <see cref="JsonSerializerDefaults.Web"/> (camelCase names,
    /// case-insensitive reads), read-only once used.
    /// </summary>
    public JsonSerializerOptions JsonOptions { get; set; } = Wire.JsonDefaults.Options;

    /// <summary>
    /// Encrypts and authenticates every TCP connection of a binding endpoint, as the CURVE server. Only for endpoints
    /// that bind <c>tcp://</c> addresses: the side that binds is the CURVE server. Default null (plaintext).
    /// </summary>
    public CurveServerOptions? CurveServer { get; set; }

    /// <summary>
    /// Encrypts and authenticates every TCP connection of a connecting endpoint, as a CURVE client of a server whose
    /// public key it knows. Only for endpoints that connect to <c>tcp://</c> addresses. Default null (plaintext).
    /// </summary>
    public CurveClientOptions? CurveClient { get; set; }

    /// <summary>Throws when a setting is out of range, so a mistake shows at construction, not on the wire.</summary>
    internal void Validate()
    {
        if (MaxMessageSize <= 0) throw new ArgumentOutOfRangeException(nameof(MaxMessageSize), MaxMessageSize, "Must be positive.");
        if (SendHighWaterMark < 0) throw new ArgumentOutOfRangeException(nameof(SendHighWaterMark), SendHighWaterMark, "Must not be negative.");
        if (ReceiveHighWaterMark < 0) throw new ArgumentOutOfRangeException(nameof(ReceiveHighWaterMark), ReceiveHighWaterMark, "Must not be negative.");
        if (Linger < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(Linger), Linger, "Must not be negative.");
        if (JsonOptions is null) throw new ArgumentNullException(nameof(JsonOptions));
        if (CurveServer is not null && CurveClient is not null)
            throw new ArgumentException("An endpoint is either a CURVE server (it binds) or a CURVE client (it connects), not both.", nameof(CurveServer));
        CurveServer?.Validate();
        CurveClient?.Validate();
        ValidateMore();
    }

    /// <summary>Checks the settings a derived class adds.</summary>
    private protected virtual void ValidateMore()
    {
    }
}
