using System;

namespace ZeroContracts;

/// <summary>Sets the topic a <see cref="PubSubAttribute"/> contract method publishes on. Without it the topic is the method's name.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class TopicAttribute : Attribute
{
    /// <summary>Creates the attribute with the topic's name.</summary>
    /// <param name="name">The topic: 1 to 200 ASCII letters, digits, '_', '-' or '.'.</param>
    public TopicAttribute(string name) => Name = name;

    /// <summary>The topic's name on the wire.</summary>
    public string Name { get; }
}
