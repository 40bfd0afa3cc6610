using System;

namespace ZeroContracts;

/// <summary>
/// An error reported by the other side of a call. Clients throw it when a reply carries an error; server handlers
/// may throw it to send a chosen <see cref="Code"/> and message to the client, whatever the server's
/// <see cref="ServerOptions.ExceptionDetail"/>.
/// </summary>
public class RemoteException : Exception
{
    /// <summary>Creates an error to send (from a handler) or that was received (in a client).</summary>
    /// <param name="code">A short machine-readable code, such as <c>not_found</c>; see <see cref="ErrorCodes"/> for the built-in ones.</param>
    /// <param name="message">A human-readable description.</param>
    /// <param name="remoteType">The full type name of the exception on the server, when the server sent it.</param>
    public RemoteException(string code, string message, string? remoteType = null)
        : base(message)
    {
        Code = code ?? throw new ArgumentNullException(nameof(code));
        RemoteType = remoteType;
    }

    /// <summary>The machine-readable error code.</summary>
    public string Code { get; }

    /// <summary>The full type name of the server-side exception, or <see langword="null"/> when the server did not send it.</summary>
    public string? RemoteType { get; }

    /// <summary>The server's stack trace, when its <see cref="ServerOptions.ExceptionDetail"/> is <see cref="ExceptionDetail.Full"/>.</summary>
    public string? RemoteStackTrace { get; init; }

    /// <summary>The operation that failed, when known on the client.</summary>
    public string? Operation { get; init; }
}
