namespace ZeroContracts.Generator.Model;

/// <summary>One parameter of a contract method.</summary>
/// <param name="Name">The name as declared, unescaped; also the JSON key on the wire.</param>
/// <param name="Type">The type, fully qualified, with its nullable annotation.</param>
/// <param name="DefaultValue">The default value as a C# expression, or null when the parameter has none.</param>
/// <param name="IsCancellationToken">True for the trailing CancellationToken, which is never sent.</param>
internal sealed record ParameterModel(
    string Name,
    string Type,
    string? DefaultValue,
    bool IsCancellationToken);
