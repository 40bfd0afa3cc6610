using ZeroContracts;

namespace PubSub;

/// <summary>A reading from one city.</summary>
public sealed record Reading(int Celsius, int Number);

/// <summary>A warning for everyone.</summary>
public sealed record Warning(string Text);

/// <summary>
/// The same feed, typed: each reading is published on topic <c>temp/{city}</c>, so a subscriber can ask ZeroMQ for one
/// city only, and warnings on their own topic.
/// </summary>
[PubSub]
public interface IWeatherFeed
{
    /// <summary>A temperature reading for <paramref name="city"/>.</summary>
    [Topic("temp")]
    void Temperature([TopicKey] string city, Reading reading);

    /// <summary>A warning for every city.</summary>
    [Topic("warning")]
    void Warn(Warning warning);
}
