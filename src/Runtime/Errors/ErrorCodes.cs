namespace ZeroContracts;

/// <summary>The error codes ZeroContracts itself puts in error replies (docs/protocol.md, "Error replies").</summary>
public static class ErrorCodes
{
    /// <summary>A handler threw an exception that was not a <see cref="RemoteException"/>.</summary>
    public const string Internal = "internal";

    /// <summary>The request named an operation the server's contract does not have.</summary>
    public const string UnknownOperation = "unknown_operation";

    /// <summary>The request could not be decoded: wrong frame count, invalid JSON, or values of the wrong type.</summary>
    public const string BadRequest = "bad_request";

    /// <summary>The server had no free handler slot and its wait queue was full.</summary>
    public const string Overloaded = "overloaded";

    /// <summary>The request carried a protocol version the server does not speak.</summary>
    public const string UnsupportedVersion = "unsupported_version";

    /// <summary>The server stopped while the call was running.</summary>
    public const string Unavailable = "unavailable";

    /// <summary>The reply could not be decoded by the client.</summary>
    public const string BadReply = "bad_reply";
}
