using System;

namespace ZeroContracts;

/// <summary>
/// Sets the operation name that a contract method has on the wire. Without it the name is the method's name
/// with a trailing <c>Async</c> removed.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class OperationAttribute : Attribute
{
    /// <summary>Creates the attribute with the operation's wire name.</summary>
    /// <param name="name">The wire name: ASCII letters, digits, '_', '-', '.', or '/', at most 200 characters.</param>
    public OperationAttribute(string name) => Name = name;

    /// <summary>The operation's name on the wire.</summary>
    public string Name { get; }
}
