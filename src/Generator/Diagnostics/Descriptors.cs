using System;
using Microsoft.CodeAnalysis;

namespace ZeroContracts.Generator.Diagnostics;

/// <summary>Every diagnostic the generator reports. ZC1xxx: request/reply contracts.</summary>
internal static class Descriptors
{
    /// <summary>Diagnostics about the shape of a contract interface.</summary>
    public const string ContractsCategory = "ZeroContracts.Contracts";

    private const string HelpLinkBase = "https://github.com/zerocontracts/zerocontracts/blob/main/docs/diagnostics.md#";

    public static readonly DiagnosticDescriptor UnsupportedReturnType = new(
        id: "ZC1001",
        title: "Contract method has an unsupported return type",
        messageFormat: "'{0}' returns '{1}'; a contract method must return Task, Task<T>, ValueTask or ValueTask<T>",
        category: ContractsCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + "zc1001");

    public static readonly DiagnosticDescriptor UnsupportedParameterModifier = new(
        id: "ZC1002",
        title: "Contract parameter is ref, out, in or params",
        messageFormat: "Parameter '{0}' of '{1}' is '{2}'; contract parameters are sent by value, so remove the modifier",
        category: ContractsCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + "zc1002");

    public static readonly DiagnosticDescriptor GenericMethod = new(
        id: "ZC1003",
        title: "Contract method is generic",
        messageFormat: "'{0}' is generic; contract methods cannot have type parameters, so use concrete types",
        category: ContractsCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + "zc1003");

    public static readonly DiagnosticDescriptor DuplicateOperationName = new(
        id: "ZC1004",
        title: "Two contract methods have the same operation name",
        messageFormat: "'{0}' has operation name '{1}', which '{2}' already has; rename one of them or give it [Operation(\"...\")]",
        category: ContractsCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + "zc1004");

    public static readonly DiagnosticDescriptor UnsupportedMember = new(
        id: "ZC1005",
        title: "Contract has a property, event or indexer",
        messageFormat: "'{0}' is {1}; a contract may declare only methods, so replace it with a method",
        category: ContractsCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + "zc1005");

    public static readonly DiagnosticDescriptor MisplacedCancellationToken = new(
        id: "ZC1006",
        title: "CancellationToken is not the last parameter",
        messageFormat: "Parameter '{0}' of '{1}' is a CancellationToken but not the last parameter; a contract method may take one CancellationToken, as its last parameter",
        category: ContractsCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + "zc1006");

    public static readonly DiagnosticDescriptor UnsupportedContractType = new(
        id: "ZC1007",
        title: "Contract interface cannot be implemented by generated code",
        messageFormat: "Contract '{0}' {1}; make it a non-generic interface that is public or internal",
        category: ContractsCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + "zc1007");

    public static readonly DiagnosticDescriptor InvalidOperationName = new(
        id: "ZC1008",
        title: "Invalid operation name",
        messageFormat: "Operation name '{0}' of '{1}' is invalid; use 1 to 200 ASCII letters, digits or '_', '-', '.', '/'{2}",
        category: ContractsCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + "zc1008");

    public static readonly DiagnosticDescriptor BareFramingMisuse = new(
        id: "ZC1009",
        title: "Contract does not fit Bare framing",
        messageFormat: "'{0}' {1}; a Bare contract has exactly one operation taking one string or byte[] and returning Task<string>, Task<byte[]>, ValueTask<string> or ValueTask<byte[]>",
        category: ContractsCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + "zc1009");

    public static DiagnosticDescriptor ById(string id) => id switch
    {
        "ZC1001" => UnsupportedReturnType,
        "ZC1002" => UnsupportedParameterModifier,
        "ZC1003" => GenericMethod,
        "ZC1004" => DuplicateOperationName,
        "ZC1005" => UnsupportedMember,
        "ZC1006" => MisplacedCancellationToken,
        "ZC1007" => UnsupportedContractType,
        "ZC1008" => InvalidOperationName,
        "ZC1009" => BareFramingMisuse,
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "Unknown diagnostic id."),
    };
}
