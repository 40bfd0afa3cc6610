namespace ZeroContracts.Generator.Model;

/// <summary>
/// A contract member that broke a rule (a ZC error was reported on it). The generated client, publisher or pusher still
/// has to implement it, so it gets an explicit implementation that throws; servers, subscribers and pullers skip it.
/// </summary>
/// <param name="Kind">Method, property, indexer or event.</param>
/// <param name="DeclaringType">The interface that declares the member, fully qualified (explicit implementations name it).</param>
/// <param name="Name">The member name as declared, unescaped (unused for an indexer).</param>
/// <param name="Type">The return, property or event type, fully qualified, with <c>ref </c> or <c>ref readonly </c> when it returns by reference.</param>
/// <param name="TypeParameters">A generic method's type parameter names.</param>
/// <param name="Constraints">The <c>where T : class</c> / <c>struct</c> clauses an explicit implementation may (and for <c>T?</c> must) repeat.</param>
/// <param name="Parameters">Each parameter as declared, without its default value (CS1066 on an explicit implementation): <c>out int value</c>.</param>
/// <param name="Accessors">A property's or indexer's accessors: <c>get</c>, <c>set</c>, <c>init</c>.</param>
/// <param name="IsUnsafe">Whether the signature uses a pointer, so the implementation needs <c>unsafe</c>.</param>
/// <param name="DiagnosticIds">The ZC errors reported on the member, e.g. <c>ZC1001, ZC1002</c>.</param>
/// <param name="Message">What the NotSupportedException says: the member and the ZC diagnostic(s) it broke.</param>
internal sealed record InvalidMemberModel(
    InvalidMemberKind Kind,
    string DeclaringType,
    string Name,
    string Type,
    EquatableArray<string> TypeParameters,
    EquatableArray<string> Constraints,
    EquatableArray<string> Parameters,
    EquatableArray<string> Accessors,
    bool IsUnsafe,
    string DiagnosticIds,
    string Message);
