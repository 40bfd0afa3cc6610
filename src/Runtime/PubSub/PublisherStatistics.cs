namespace ZeroContracts;

/// <summary>What a publisher has done so far.</summary>
/// <param name="Published">Messages handed to the socket. ZeroMQ may still drop one for a subscriber whose queue is full; that subscriber sees a gap.</param>
/// <param name="Dropped">Messages dropped before the socket because <see cref="PublisherOptions.MaxQueuedMessages"/> were already waiting.</param>
public readonly record struct PublisherStatistics(long Published, long Dropped);
