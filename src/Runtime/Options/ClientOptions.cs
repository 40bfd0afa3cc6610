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

    private protected override void ValidateMore()
    {
        if (CallTimeout <= TimeSpan.Zero && CallTimeout != System.Threading.Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(CallTimeout), CallTimeout, "Must be positive or Timeout.InfiniteTimeSpan.");
    }
}
