namespace ZeroContracts.Generator.Model;

/// <summary>One [PubSub] or [Pipeline] interface, reduced to what the emitters need.</summary>
/// <param name="Namespace">The namespace as written in C# (keywords escaped), or empty for the global namespace.</param>
/// <param name="FullName">The contract's full name without <c>global::</c>: hint names and messages.</param>
/// <param name="TypeName">The interface as a fully qualified C# type.</param>
/// <param name="BaseName">The name generated types start with, e.g. <c>TemperatureFeed</c>.</param>
/// <param name="IsPublic">Whether generated types are public (otherwise internal).</param>
/// <param name="Pattern">Publish/subscribe or pipeline.</param>
/// <param name="Framing">How messages are laid out in frames.</param>
/// <param name="Messages">The methods, the contract's own first, then those of its base interfaces.</param>
/// <param name="InvalidMembers">The members that broke a rule, in the same order: the sender implements them by throwing.</param>
internal sealed record MessageContractModel(
    string Namespace,
    string FullName,
    string TypeName,
    string BaseName,
    bool IsPublic,
    MessagePattern Pattern,
    ContractFraming Framing,
    EquatableArray<MessageModel> Messages,
    EquatableArray<InvalidMemberModel> InvalidMembers);
