namespace ZeroContracts;

/// <summary>How a contract's messages are laid out in ZeroMQ frames.</summary>
public enum Framing
{
    /// <summary>
    /// The ZeroContracts wire format (docs/protocol.md): an operation frame and a body frame on requests,
    /// a status frame and a body frame on replies, so one socket carries many operations and typed errors.
    /// </summary>
    Typed = 0,

    /// <summary>
    /// Exactly one frame each way, holding the single <see cref="string"/> (UTF-8) or <see cref="byte"/>[] value.
    /// For talking to plain ZeroMQ programs that send and receive single frames; the contract may have only one
    /// operation.
    /// </summary>
    Bare = 1,
}
