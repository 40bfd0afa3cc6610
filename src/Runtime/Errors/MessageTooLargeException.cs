using System;

namespace ZeroContracts;

/// <summary>Thrown when an outgoing message exceeds <see cref="SocketOptionsBase.MaxMessageSize"/>; nothing was sent.</summary>
public sealed class MessageTooLargeException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="size">The size of the message that was refused.</param>
    /// <param name="limit">The configured limit.</param>
    public MessageTooLargeException(long size, long limit)
        : base($"The message is {size} bytes; the limit (MaxMessageSize) is {limit} bytes. Nothing was sent.")
    {
        Size = size;
        Limit = limit;
    }

    /// <summary>The size of the refused message in bytes.</summary>
    public long Size { get; }

    /// <summary>The configured limit in bytes.</summary>
    public long Limit { get; }
}
