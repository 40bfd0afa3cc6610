namespace ZeroContracts.Generator.Model;

/// <summary>One [ReqRep] interface, reduced to what the emitter needs.</summary>
/// <param name="Namespace">The namespace as written in C# (keywords escaped), or empty for the global namespace.</param>
/// <param name="FullName">The contract's full name without <c>global::</c>, e.g. <c>Acme.Weather.IWeather</c>: hint names and error messages.</param>
/// <param name="TypeName">The interface as a fully qualified C# type, e.g. <c>global::Acme.Weather.IWeather</c>.</param>
/// <param name="BaseName">The name generated types start with, e.g. <c>Weather</c>.</param>
/// <param name="IsPublic">Whether generated types are public (otherwise internal).</param>
/// <param name="Framing">How messages are laid out in frames.</param>
/// <param name="Operations">The operations, the contract's own first, then those of its base interfaces.</param>
/// <param name="InvalidMembers">The members that broke a rule, in the same order: the client implements them by throwing.</param>
internal sealed record ContractModel(
    string Namespace,
    string FullName,
    string TypeName,
    string BaseName,
    bool IsPublic,
    ContractFraming Framing,
    EquatableArray<OperationModel> Operations,
    EquatableArray<InvalidMemberModel> InvalidMembers);
