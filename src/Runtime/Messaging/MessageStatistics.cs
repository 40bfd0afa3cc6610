namespace ZeroContracts;

/// <summary>What a subscriber or puller has received so far.</summary>
/// <param name="Received">Messages accepted for a handler.</param>
/// <param name="Missed">Messages the publisher's sequence numbers show were never received (subscribers only).</param>
/// <param name="Malformed">Messages that could not be decoded and were skipped.</param>
/// <param name="HandlerFailures">Handler calls that threw.</param>
public readonly record struct MessageStatistics(long Received, long Missed, long Malformed, long HandlerFailures);
