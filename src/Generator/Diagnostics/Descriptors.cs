using System;
using Microsoft.CodeAnalysis;

namespace ZeroContracts.Generator.Diagnostics;

/// <summary>Every diagnostic the generator and the analyzers report. ZC1xxx: contracts; ZC2xxx: serialization; ZC3xxx: raw socket ordering.</summary>
internal static class Descriptors
{
    /// <summary>Diagnostics about the shape of a contract interface.</summary>
    public const string ContractsCategory = "ZeroContracts.Contracts";

    /// <summary>Diagnostics about types that cross the wire as JSON.</summary>
    public const string SerializationCategory = "ZeroContracts.Serialization";

    /// <summary>Diagnostics about raw NetMQ socket code.</summary>
    public const string SocketsCategory = "ZeroContracts.Sockets";

    /// <summary>
    /// The only place the address of docs/diagnostics.md is written: every help link is this plus the lower-case id.
    /// A placeholder until the project has a public home.
    /// </summary>
    private const string HelpLinkBase = "https://github.com/zerocontracts/zerocontracts/blob/main/docs/diagnostics.md#";

    // ZC10xx: rules for contracts of every pattern, and those of request/reply.

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

    public static readonly DiagnosticDescriptor SeveralPatterns = new(
        id: "ZC1010",
        title: "Contract has more than one pattern attribute",
        messageFormat: "Contract '{0}' has both [{1}] and [{2}]; an interface is one contract of one pattern, so keep one attribute and move the other operations to an interface of their own",
        category: ContractsCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + "zc1010");

    public static readonly DiagnosticDescriptor GeneratedTypeNameTaken = new(
        id: "ZC1011",
        title: "A generated type's name is already taken",
        messageFormat: "Contract '{0}' generates '{1}', but '{1}' is already declared as {2}; rename the contract or that type, or declare it as a 'partial class' to extend the generated one",
        category: ContractsCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + "zc1011");

    public static readonly DiagnosticDescriptor MemberNameTaken = new(
        id: "ZC1012",
        title: "Contract method clashes with a member of the generated client",
        messageFormat: "'{0}' clashes with '{1}', which the generated '{2}' declares; rename the method (its operation name can stay the same with [Operation(\"...\")])",
        category: ContractsCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + "zc1012");

    // ZC11xx: publish/subscribe and pipeline contracts.

    public static readonly DiagnosticDescriptor OneWayMethodReturnsValue = new(
        id: "ZC1101",
        title: "PubSub or Pipeline method returns a value",
        messageFormat: "'{0}' returns '{1}'; a [{2}] message is one-way and has no reply, so the method must return void",
        category: ContractsCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + "zc1101");

    public static readonly DiagnosticDescriptor DuplicateTopic = new(
        id: "ZC1102",
        title: "Two PubSub methods have the same topic",
        messageFormat: "'{0}' publishes on topic '{1}', which '{2}' already uses; give one of them another [Topic(\"...\")]",
        category: ContractsCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + "zc1102");

    public static readonly DiagnosticDescriptor TopicIsPrefix = new(
        id: "ZC1103",
        title: "A topic is a prefix of another topic",
        messageFormat: "Topic '{0}' of '{1}' begins with topic '{2}' of '{3}'; ZeroMQ filters subscriptions by prefix, so every subscriber of '{2}' is also sent the '{0}' messages, which it then discards; choose topics that do not start with one another",
        category: ContractsCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + "zc1103");

    public static readonly DiagnosticDescriptor EmptyTopic = new(
        id: "ZC1104",
        title: "Topic is empty",
        messageFormat: "'{0}' has an empty topic; an empty subscription matches every message, so give the method a non-empty [Topic(\"...\")] or remove the attribute to use the method name",
        category: ContractsCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + "zc1104");

    public static readonly DiagnosticDescriptor InvalidTopic = new(
        id: "ZC1105",
        title: "Invalid topic",
        messageFormat: "Topic '{0}' of '{1}' is invalid; use 1 to 200 ASCII letters, digits, '_', '-' or '.' ('/' separates the topic key){2}",
        category: ContractsCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + "zc1105");

    public static readonly DiagnosticDescriptor InvalidTopicKey = new(
        id: "ZC1106",
        title: "Invalid [TopicKey] parameter",
        messageFormat: "Parameter '{0}' of '{1}' {2}; a method may have one [TopicKey] parameter, of type string, an enum or an integer type",
        category: ContractsCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + "zc1106");

    public static readonly DiagnosticDescriptor MisplacedMessagingAttribute = new(
        id: "ZC1107",
        title: "Attribute does not apply to this kind of contract",
        messageFormat: "'{0}' has [{1}], which only {2} contracts use; remove it{3}",
        category: ContractsCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + "zc1107");

    public static readonly DiagnosticDescriptor BareMessagingMisuse = new(
        id: "ZC1108",
        title: "PubSub or Pipeline contract does not fit Bare framing",
        messageFormat: "'{0}' {1}; a Bare [{2}] contract has exactly one method, taking one string or byte[] and no [TopicKey]",
        category: ContractsCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + "zc1108");

    public static readonly DiagnosticDescriptor OneWayCancellationToken = new(
        id: "ZC1109",
        title: "PubSub or Pipeline method takes a CancellationToken",
        messageFormat: "Parameter '{0}' of '{1}' is a CancellationToken; sending a one-way message does not wait for anything to cancel, so remove the parameter",
        category: ContractsCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + "zc1109");

    // ZC2xxx: serialization.

    public static readonly DiagnosticDescriptor AbstractWithoutPolymorphism = new(
        id: "ZC2001",
        title: "Interface or abstract type without polymorphism metadata",
        messageFormat: "{0} uses '{1}'{2}, an {3} that System.Text.Json cannot create when it reads the message; use a concrete type, or add [JsonPolymorphic] and [JsonDerivedType] to '{1}'",
        category: SerializationCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + "zc2001");

    public static readonly DiagnosticDescriptor DelegateType = new(
        id: "ZC2002",
        title: "Delegate type in a contract",
        messageFormat: "{0} uses delegate type '{1}'{2}; code cannot be sent over the wire, so send data that says what to do instead",
        category: SerializationCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + "zc2002");

    public static readonly DiagnosticDescriptor PointerType = new(
        id: "ZC2003",
        title: "Pointer type in a contract",
        messageFormat: "{0} uses pointer type '{1}'{2}; an address means nothing in another process, so send the value it points to",
        category: SerializationCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + "zc2003");

    public static readonly DiagnosticDescriptor RefStructType = new(
        id: "ZC2004",
        title: "Ref struct in a contract",
        messageFormat: "{0} uses ref struct '{1}'{2}; it cannot outlive the call or be serialized, so use an array, string or Memory<T> instead",
        category: SerializationCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + "zc2004");

    public static readonly DiagnosticDescriptor UntypedValue = new(
        id: "ZC2005",
        title: "object or dynamic in a contract",
        messageFormat: "{0} uses '{1}'{2}; the receiver gets a JsonElement, not the type that was sent, so use a concrete type or JsonElement",
        category: SerializationCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + "zc2005");

    public static readonly DiagnosticDescriptor NoUsableConstructor = new(
        id: "ZC2006",
        title: "Type has no constructor System.Text.Json can use",
        messageFormat: "{0} uses '{1}'{2}, which has {3}; System.Text.Json cannot create it when it reads the message, so add a public parameterless constructor or mark one with [JsonConstructor]",
        category: SerializationCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + "zc2006");

    public static readonly DiagnosticDescriptor UnsupportedFrameworkType = new(
        id: "ZC2007",
        title: "Type System.Text.Json does not serialize",
        messageFormat: "{0} uses '{1}'{2}, which System.Text.Json refuses to serialize; send the data it stands for (a name, a number, a string) instead",
        category: SerializationCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + "zc2007");

    // ZC3xxx: raw NetMQ socket code.

    public static readonly DiagnosticDescriptor RequestSentTwice = new(
        id: "ZC3001",
        title: "REQ socket sends twice without receiving",
        messageFormat: "REQ socket '{0}' sends again before it has received the reply{1}; a REQ socket must receive each reply before it sends the next request",
        category: SocketsCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + "zc3001");

    public static readonly DiagnosticDescriptor ReceiveBeforeRequest = new(
        id: "ZC3002",
        title: "REQ socket receives before sending",
        messageFormat: "REQ socket '{0}' receives before it has sent a complete request{1}; a REQ socket must send a request first, then receive its reply",
        category: SocketsCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + "zc3002");

    public static readonly DiagnosticDescriptor ReplyBeforeRequest = new(
        id: "ZC3003",
        title: "REP socket sends before receiving",
        messageFormat: "REP socket '{0}' sends before it has received a request{1}; a REP socket must receive a request first, then send one reply",
        category: SocketsCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + "zc3003");

    public static readonly DiagnosticDescriptor RequestReceivedTwice = new(
        id: "ZC3004",
        title: "REP socket receives twice without replying",
        messageFormat: "REP socket '{0}' receives again before it has sent the reply{1}; a REP socket must reply to each request before it receives the next",
        category: SocketsCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + "zc3004");

    public static readonly DiagnosticDescriptor SendOnReceiveOnlySocket = new(
        id: "ZC3005",
        title: "Send on a SUB or PULL socket",
        messageFormat: "'{0}' is a {1}, which only receives; '{2}' throws NotSupportedException at run time, so send on a {3} instead",
        category: SocketsCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + "zc3005");

    public static readonly DiagnosticDescriptor ReceiveOnSendOnlySocket = new(
        id: "ZC3006",
        title: "Receive on a PUB or PUSH socket",
        messageFormat: "'{0}' is a {1}, which only sends; '{2}' throws NotSupportedException at run time, so receive on a {3} instead",
        category: SocketsCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + "zc3006");

    public static readonly DiagnosticDescriptor ReceiveWithoutSubscription = new(
        id: "ZC3007",
        title: "SUB socket receives without subscribing",
        messageFormat: "SUB socket '{0}' receives without having subscribed{1}; a subscriber with no subscription receives nothing, so call {0}.Subscribe(\"\") for every topic, or Subscribe(prefix), first",
        category: SocketsCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + "zc3007");

    public static readonly DiagnosticDescriptor UnfinishedMultipartMessage = new(
        id: "ZC3008",
        title: "Multipart message is never finished",
        messageFormat: "'{0}' sends a frame with more: true that no final frame follows{1} before the method ends; the peer receives nothing until the last frame is sent with more: false",
        category: SocketsCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinkBase + "zc3008");

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
        "ZC1010" => SeveralPatterns,
        "ZC1011" => GeneratedTypeNameTaken,
        "ZC1012" => MemberNameTaken,
        "ZC1101" => OneWayMethodReturnsValue,
        "ZC1102" => DuplicateTopic,
        "ZC1103" => TopicIsPrefix,
        "ZC1104" => EmptyTopic,
        "ZC1105" => InvalidTopic,
        "ZC1106" => InvalidTopicKey,
        "ZC1107" => MisplacedMessagingAttribute,
        "ZC1108" => BareMessagingMisuse,
        "ZC1109" => OneWayCancellationToken,
        "ZC2001" => AbstractWithoutPolymorphism,
        "ZC2002" => DelegateType,
        "ZC2003" => PointerType,
        "ZC2004" => RefStructType,
        "ZC2005" => UntypedValue,
        "ZC2006" => NoUsableConstructor,
        "ZC2007" => UnsupportedFrameworkType,
        "ZC3001" => RequestSentTwice,
        "ZC3002" => ReceiveBeforeRequest,
        "ZC3003" => ReplyBeforeRequest,
        "ZC3004" => RequestReceivedTwice,
        "ZC3005" => SendOnReceiveOnlySocket,
        "ZC3006" => ReceiveOnSendOnlySocket,
        "ZC3007" => ReceiveWithoutSubscription,
        "ZC3008" => UnfinishedMultipartMessage,
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "Unknown diagnostic id."),
    };
}
