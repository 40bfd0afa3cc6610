using System;

namespace ZeroContracts;

/// <summary>
/// Marks an interface as a pipeline (work distribution) contract. The generator writes <c>{Name}Pusher</c>, which
/// implements the interface by pushing each call as a message to one of the connected workers, and
/// <c>{Name}Puller</c>, which runs the messages it is given on an implementation of the interface.
/// </summary>
/// <remarks>
/// Every method returns <see langword="void"/>: a pushed message has no reply. ZeroMQ hands each message to exactly
/// one worker, round-robin among the workers that have room.
/// </remarks>
[AttributeUsage(AttributeTargets.Interface, AllowMultiple = false, Inherited = false)]
public sealed class PipelineAttribute : Attribute
{
    /// <summary>
    /// The frame layout on the wire; <see cref="ZeroContracts.Framing.Typed"/> unless set.
    /// <see cref="ZeroContracts.Framing.Bare"/> sends one frame holding the single <see cref="string"/> or
    /// <see cref="byte"/>[] argument.
    /// </summary>
    public Framing Framing { get; set; } = Framing.Typed;
}
