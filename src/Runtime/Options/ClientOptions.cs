using System;

namespace ZeroContracts;

/// <summary>Settings for a generated request/reply client.</summary>
public sealed class ClientOptions : SocketOptionsBase
{
    /// <summary>
    /// How long a call waits for its reply before it fails with <see cref="TimeoutException"/>. Default 30 seconds;
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> waits until the call is cancelled.
    /// </summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Resumes the code awaiting a call on the client's socket thread while that thread holds the socket, and sends a
    /// call made from that code at once. By default the socket thread resumes callers too, but lets go of the socket
    /// first, and a stand-in takes the socket over when a caller keeps the thread a few milliseconds; this option
    /// saves that bookkeeping. Only for callers whose code after the await is quick and never blocks: while it runs, no
    /// other reply of this client is received and no call times out, so waiting there for another call of the same
    /// client hangs. Failed calls (timeout, cancellation, disposal) always resume on the thread pool. Default
    /// <see langword="false"/>.
    /// </summary>
    public bool RunContinuationsInline { get; set; }

    private protected override void ValidateMore()
    {
        if (CallTimeout <= TimeSpan.Zero && CallTimeout != System.Threading.Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(CallTimeout), CallTimeout, "Must be positive or Timeout.InfiniteTimeSpan.");
    }
}
