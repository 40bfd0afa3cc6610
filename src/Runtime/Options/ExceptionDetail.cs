namespace ZeroContracts;

/// <summary>What a server tells a client about an exception its handler threw.</summary>
public enum ExceptionDetail
{
    /// <summary>
    /// Only the code <c>internal</c> and a generic message: exception text can leak internals, so it stays on
    /// the server unless chosen. A <see cref="RemoteException"/> thrown on purpose is always sent as it is.
    /// </summary>
    Hidden = 0,

    /// <summary>The exception's message and type name.</summary>
    Message = 1,

    /// <summary>The exception's message, type name and stack trace; for development.</summary>
    Full = 2,
}
