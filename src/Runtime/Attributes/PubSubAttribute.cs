using System;

namespace ZeroContracts;

/// <summary>
/// Marks an interface as a publish/subscribe contract. The generator writes <c>{Name}Publisher</c>, which implements
/// the interface by publishing each call as a message on its topic, and <c>{Name}Subscriber</c>, which delivers the
/// messages of the topics it subscribes to to an implementation of the interface.
/// </summary>
/// <remarks>
/// Every method returns <see langword="void"/>: a published message has no reply. A method's topic is the value of
/// <see cref="TopicAttribute"/>, else the method's name; a <see cref="TopicKeyAttribute"/> parameter extends it
/// (<c>temp/Beijing</c>) so that subscribers can filter by key.
/// </remarks>
[AttributeUsage(AttributeTargets.Interface, AllowMultiple = false, Inherited = false)]
public sealed class PubSubAttribute : Attribute
{
    /// <summary>
    /// The frame layout on the wire; <see cref="ZeroContracts.Framing.Typed"/> unless set.
    /// <see cref="ZeroContracts.Framing.Bare"/> sends one frame holding the single <see cref="string"/> or
    /// <see cref="byte"/>[] argument, with no topic, as plain ZeroMQ publishers do.
    /// </summary>
    public Framing Framing { get; set; } = Framing.Typed;
}
