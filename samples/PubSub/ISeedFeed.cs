using ZeroContracts;

namespace PubSub;

/// <summary>
/// The seed's temperature feed as a contract. Bare framing publishes the string as the only frame, with no topic,
/// which is what the seed's publisher.py sends and subscriber.py (subscribed to everything) expects.
/// </summary>
[PubSub(Framing = Framing.Bare)]
public interface ISeedFeed
{
    /// <summary>Publishes one line of text.</summary>
    void Publish(string message);
}
