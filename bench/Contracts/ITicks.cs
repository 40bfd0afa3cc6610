namespace ZeroContracts.Bench.Contracts;

/// <summary>The PUB/SUB benchmark contract: one topic, the payload as one body frame.</summary>
[PubSub]
public interface ITicks
{
    /// <summary>One message.</summary>
    [Topic("tick")]
    void Tick(byte[] payload);
}
