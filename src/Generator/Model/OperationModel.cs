namespace ZeroContracts.Generator.Model;

/// <summary>One contract method.</summary>
/// <param name="MethodName">The C# method name as declared, unescaped.</param>
/// <param name="WireName">The operation's name on the wire.</param>
/// <param name="ReturnType">The declared return type, fully qualified.</param>
/// <param name="ResultType">The T of Task&lt;T&gt; or ValueTask&lt;T&gt;, fully qualified; null when there is no result.</param>
/// <param name="ReturnsValueTask">True for ValueTask and ValueTask&lt;T&gt;, false for Task and Task&lt;T&gt;.</param>
/// <param name="Parameters">Every parameter in declaration order, the CancellationToken included.</param>
internal sealed record OperationModel(
    string MethodName,
    string WireName,
    string ReturnType,
    string? ResultType,
    bool ReturnsValueTask,
    EquatableArray<ParameterModel> Parameters);
