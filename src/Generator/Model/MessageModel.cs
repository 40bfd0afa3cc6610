namespace ZeroContracts.Generator.Model;

/// <summary>One method of a one-way contract.</summary>
/// <param name="MethodName">The C# method name as declared, unescaped.</param>
/// <param name="DeclaringType">The interface that declares the method, fully qualified (for explicit implementations).</param>
/// <param name="WireName">The topic (PubSub) or operation name (Pipeline) on the wire.</param>
/// <param name="KeyParameter">The name of the [TopicKey] parameter, or null.</param>
/// <param name="Parameters">Every parameter in declaration order, the key included.</param>
internal sealed record MessageModel(
    string MethodName,
    string DeclaringType,
    string WireName,
    string? KeyParameter,
    EquatableArray<ParameterModel> Parameters);
