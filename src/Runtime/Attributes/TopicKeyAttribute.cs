using System;

namespace ZeroContracts;

/// <summary>
/// Marks the parameter of a <see cref="PubSubAttribute"/> contract method whose value is appended to the topic
/// (<c>temp/Beijing</c>), so that a subscriber can receive only the messages for one key. The parameter must be a
/// <see cref="string"/>, an enum (sent by name) or an integer type.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class TopicKeyAttribute : Attribute
{
}
