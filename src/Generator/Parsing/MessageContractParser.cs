using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ZeroContracts.Generator.Diagnostics;
using ZeroContracts.Generator.Model;
using static ZeroContracts.Generator.Parsing.ContractSymbols;

namespace ZeroContracts.Generator.Parsing;

/// <summary>Turns a [PubSub] or [Pipeline] interface symbol into a <see cref="MessageContractModel"/> and its diagnostics (ZC11xx).</summary>
internal static class MessageContractParser
{
    private const string TopicAttributeName = "ZeroContracts.TopicAttribute";
    private const string TopicKeyAttributeName = "ZeroContracts.TopicKeyAttribute";
    private const string OperationAttributeName = "ZeroContracts.OperationAttribute";

    public static MessageParseResult Parse(GeneratorAttributeSyntaxContext context, MessagePattern pattern, CancellationToken cancellationToken)
    {
        var contract = (INamedTypeSymbol)context.TargetSymbol;
        var attributeName = pattern == MessagePattern.PubSub ? "ZeroContracts.PubSubAttribute" : "ZeroContracts.PipelineAttribute";
        if (!ContractSymbols.IsFirstPattern(contract, attributeName)) return new MessageParseResult(null, EquatableArray<DiagnosticInfo>.Empty);

        return new Parser(contract, pattern, cancellationToken).Run(ContractSymbols.ReadFraming(context.Attributes));
    }

    /// <summary>The state of parsing one contract: the symbol, the diagnostics found so far.</summary>
    private sealed class Parser
    {
        private readonly INamedTypeSymbol _contract;
        private readonly MessagePattern _pattern;
        private readonly CancellationToken _cancellationToken;
        private readonly Location _contractLocation;
        private readonly List<DiagnosticInfo> _diagnostics = new();
        private bool _hasErrors;

        public Parser(INamedTypeSymbol contract, MessagePattern pattern, CancellationToken cancellationToken)
        {
            _contract = contract;
            _pattern = pattern;
            _cancellationToken = cancellationToken;
            _contractLocation = contract.Locations.FirstOrDefault(static l => l.IsInSource) ?? Location.None;
        }

        private string PatternName => _pattern == MessagePattern.PubSub ? "PubSub" : "Pipeline";

        public MessageParseResult Run(ContractFraming framing)
        {
            var isPublic = CheckContractType();

            // ZC1011: the generated types must not take a name something else already has.
            var suffixes = _pattern == MessagePattern.PubSub ? new[] { "Publisher", "Subscriber" } : new[] { "Pusher", "Puller" };
            foreach (var (name, holder) in GeneratedNames.TakenTypeNames(_contract, GeneratedNames.BaseName(_contract.Name), suffixes))
            {
                Report(Descriptors.GeneratedTypeNameTaken, _contractLocation, Describe(_contract), name, holder);
            }

            // ZC1007 and ZC1011 leave nothing to generate; any other error leaves one member out (see InvalidMembers).
            var canGenerate = _diagnostics.Count == 0;
            var members = ContractMembers<MessageModel>.Read(
                _contract,
                _diagnostics,
                ParseMethod,
                static message => message.WireName,
                (method, message, first) => Report(
                    _pattern == MessagePattern.PubSub ? Descriptors.DuplicateTopic : Descriptors.DuplicateOperationName,
                    method.Locations.FirstOrDefault(), Describe(method), message.WireName, Describe(first)),
                Report,
                _cancellationToken);

            // A method that does not fit Bare framing is not sent or received; its explicit implementation throws.
            if (framing == ContractFraming.Bare) members.Invalidate(CheckBare(members.Valid));
            else if (_pattern == MessagePattern.PubSub) CheckTopicPrefixes(members.Valid);

            var diagnostics = _diagnostics.ToEquatableArray();
            if (!canGenerate) return new MessageParseResult(null, diagnostics);

            var model = new MessageContractModel(
                Namespace: _contract.ContainingNamespace.IsGlobalNamespace ? "" : _contract.ContainingNamespace.ToDisplayString(TypeFormats.Namespace),
                FullName: _contract.ToDisplayString(TypeFormats.FullName),
                TypeName: _contract.ToDisplayString(TypeFormats.FullyQualified),
                BaseName: GeneratedNames.BaseName(_contract.Name),
                IsPublic: isPublic,
                Pattern: _pattern,
                Framing: framing,
                Messages: members.Valid.Select(static m => m.Model).ToEquatableArray(),
                InvalidMembers: InvalidMembers.Create(members.Invalid));
            return new MessageParseResult(model, diagnostics);
        }

        /// <summary>Checks that generated types can implement and name the contract (ZC1007); returns whether it is public.</summary>
        private bool CheckContractType() => ContractSymbols.CheckContractType(_contract, _contractLocation, Report);

        /// <summary>The message of a contract method, or null when the method breaks a rule (already reported).</summary>
        private MessageModel? ParseMethod(IMethodSymbol method)
        {
            var errors = _diagnostics.Count;
            var name = Describe(method);

            if (method.IsGenericMethod) Report(Descriptors.GenericMethod, method.Locations.FirstOrDefault(), name);
            if (!method.ReturnsVoid)
            {
                Report(Descriptors.OneWayMethodReturnsValue, ReturnTypeLocation(method), name, method.ReturnType.ToDisplayString(), PatternName);
            }

            string? key = null;
            var parameters = new List<ParameterModel>();
            foreach (var parameter in method.Parameters)
            {
                if (parameter.RefKind != RefKind.None || parameter.IsParams)
                {
                    Report(Descriptors.UnsupportedParameterModifier, Locate(parameter), parameter.Name, name, Modifier(parameter));
                }
                else if (IsCancellationToken(parameter.Type))
                {
                    Report(Descriptors.OneWayCancellationToken, Locate(parameter), parameter.Name, name);
                }
                else if (UnusableParameterType(parameter) is { } unusable)
                {
                    Report(unusable, Locate(parameter), $"Parameter '{parameter.Name}' of '{name}'", parameter.Type.ToDisplayString(), "");
                }

                if (FindAttribute(parameter.GetAttributes(), TopicKeyAttributeName) is { } keyAttribute)
                {
                    if (_pattern != MessagePattern.PubSub)
                    {
                        Report(Descriptors.MisplacedMessagingAttribute, AttributeLocation(keyAttribute) ?? Locate(parameter), $"Parameter '{parameter.Name}' of '{name}'", "TopicKey", "[PubSub]", "");
                    }
                    else if (key is not null)
                    {
                        Report(Descriptors.InvalidTopicKey, Locate(parameter), parameter.Name, name, $"is a second [TopicKey] parameter after '{key}'");
                    }
                    else if (!IsKeyType(parameter.Type))
                    {
                        Report(Descriptors.InvalidTopicKey, Locate(parameter), parameter.Name, name, $"is a [TopicKey] of type '{parameter.Type.ToDisplayString()}'");
                    }
                    else
                    {
                        key = parameter.Name;
                    }
                }

                parameters.Add(new ParameterModel(
                    Name: parameter.Name,
                    Type: parameter.Type.ToDisplayString(TypeFormats.FullyQualified),
                    DefaultValue: DefaultValues.Format(parameter),
                    IsCancellationToken: false));
            }

            var wireName = _pattern == MessagePattern.PubSub ? ReadTopic(method) : ReadOperationName(method);
            if (_diagnostics.Count != errors || wireName is null) return null;
            return new MessageModel(method.Name, method.ContainingType.ToDisplayString(TypeFormats.FullyQualified), wireName, key, parameters.ToEquatableArray());
        }

        /// <summary>[Topic("name")] if present, else the method name; null when invalid (reported).</summary>
        private string? ReadTopic(IMethodSymbol method)
        {
            if (FindAttribute(method.GetAttributes(), OperationAttributeName) is { } operation)
            {
                Report(Descriptors.MisplacedMessagingAttribute, AttributeLocation(operation) ?? method.Locations.FirstOrDefault(), Describe(method), "Operation", "[ReqRep] and [Pipeline]", "; a [PubSub] method names its topic with [Topic(\"...\")]");
                return null;
            }

            if (FindAttribute(method.GetAttributes(), TopicAttributeName) is { } topic)
            {
                var declared = topic.ConstructorArguments.Length == 1 ? topic.ConstructorArguments[0].Value as string : null;
                var location = AttributeArgumentLocation(topic) ?? method.Locations.FirstOrDefault();
                if (string.IsNullOrEmpty(declared))
                {
                    Report(Descriptors.EmptyTopic, location, Describe(method));
                    return null;
                }

                if (IsValidTopic(declared!)) return declared;
                Report(Descriptors.InvalidTopic, location, declared!, Describe(method), "");
                return null;
            }

            if (IsValidTopic(method.Name)) return method.Name;
            Report(Descriptors.InvalidTopic, method.Locations.FirstOrDefault(), method.Name, Describe(method), ", or give the method [Topic(\"...\")]");
            return null;
        }

        /// <summary>[Operation("name")] if present, else the method name; null when invalid (reported).</summary>
        private string? ReadOperationName(IMethodSymbol method)
        {
            if (FindAttribute(method.GetAttributes(), TopicAttributeName) is { } topic)
            {
                Report(Descriptors.MisplacedMessagingAttribute, AttributeLocation(topic) ?? method.Locations.FirstOrDefault(), Describe(method), "Topic", "[PubSub]", "; a [Pipeline] method is named on the wire with [Operation(\"...\")]");
                return null;
            }

            if (FindAttribute(method.GetAttributes(), OperationAttributeName) is { } operation)
            {
                var declared = operation.ConstructorArguments.Length == 1 ? operation.ConstructorArguments[0].Value as string : null;
                if (OperationNames.IsValid(declared)) return declared;
                Report(Descriptors.InvalidOperationName, AttributeArgumentLocation(operation) ?? method.Locations.FirstOrDefault(), declared ?? "", Describe(method), "");
                return null;
            }

            var derived = OperationNames.FromMethodName(method.Name);
            if (OperationNames.IsValid(derived)) return derived;
            Report(Descriptors.InvalidOperationName, method.Locations.FirstOrDefault(), derived, Describe(method), ", or give the method [Operation(\"...\")]");
            return null;
        }

        /// <summary>
        /// ZC1103: a subscriber of an unkeyed topic subscribes to its name as a prefix, so it is also sent every topic
        /// that begins with it. A keyed topic subscribes to "name/", which no other topic begins with.
        /// </summary>
        private void CheckTopicPrefixes(List<(IMethodSymbol Method, MessageModel Model)> messages)
        {
            foreach (var (method, model) in messages)
            {
                foreach (var (shorterMethod, shorter) in messages)
                {
                    if (ReferenceEquals(shorter, model) || shorter.KeyParameter is not null) continue;
                    if (model.WireName.Length > shorter.WireName.Length && model.WireName.StartsWith(shorter.WireName, StringComparison.Ordinal))
                    {
                        Report(Descriptors.TopicIsPrefix, TopicLocation(method), model.WireName, Describe(method), shorter.WireName, Describe(shorterMethod));
                    }
                }
            }
        }

        /// <summary>ZC1108: one method, one string or byte[] parameter, no key. Returns the methods reported.</summary>
        private IEnumerable<(IMethodSymbol Method, string Id)> CheckBare(List<(IMethodSymbol Method, MessageModel Model)> messages)
        {
            var id = Descriptors.BareMessagingMisuse.Id;
            if (messages.Count == 0)
            {
                if (!_hasErrors) Report(Descriptors.BareMessagingMisuse, _contractLocation, Describe(_contract), "has no method", PatternName);
                yield break;
            }

            foreach (var (extra, _) in messages.Skip(1).ToList())
            {
                Report(Descriptors.BareMessagingMisuse, extra.Locations.FirstOrDefault(), Describe(extra), "is a second method in a Bare contract", PatternName);
                yield return (extra, id);
            }

            var (method, model) = messages[0];
            var name = Describe(method);
            var before = _diagnostics.Count;
            if (model.KeyParameter is not null)
            {
                Report(Descriptors.BareMessagingMisuse, Locate(method.Parameters.First(p => p.Name == model.KeyParameter)), name, "has a [TopicKey], but a Bare message has no topic", PatternName);
            }
            else if (method.Parameters.Length != 1)
            {
                Report(Descriptors.BareMessagingMisuse, method.Locations.FirstOrDefault(), name, $"takes {method.Parameters.Length} parameters", PatternName);
            }
            else if (!IsBareValue(method.Parameters[0].Type))
            {
                Report(Descriptors.BareMessagingMisuse, Locate(method.Parameters[0]), name, $"takes a parameter of type '{method.Parameters[0].Type.ToDisplayString()}'", PatternName);
            }

            if (_diagnostics.Count != before) yield return (method, id);
        }

        private void Report(DiagnosticDescriptor descriptor, Location? location, params string[] messageArgs)
        {
            var at = location is { IsInSource: true } ? location : _contractLocation;
            _diagnostics.Add(DiagnosticInfo.Create(descriptor, at, messageArgs));
            if (descriptor.DefaultSeverity == DiagnosticSeverity.Error) _hasErrors = true;
        }

        private Location? Locate(IParameterSymbol parameter) => ContractSymbols.Locate(parameter, _cancellationToken);

        private Location? ReturnTypeLocation(IMethodSymbol method) => ContractSymbols.ReturnTypeLocation(method, _cancellationToken);

        /// <summary>The [Topic] argument when there is one, else the method name.</summary>
        private Location? TopicLocation(IMethodSymbol method) =>
            FindAttribute(method.GetAttributes(), TopicAttributeName) is { } topic
                ? AttributeArgumentLocation(topic) ?? method.Locations.FirstOrDefault()
                : method.Locations.FirstOrDefault();

        private Location? AttributeLocation(AttributeData attribute) =>
            attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken).GetLocation();

        private Location? AttributeArgumentLocation(AttributeData attribute) => ContractSymbols.AttributeArgumentLocation(attribute, _cancellationToken);
    }

    private static AttributeData? FindAttribute(ImmutableArray<AttributeData> attributes, string fullName) =>
        attributes.FirstOrDefault(a => a.AttributeClass?.ToDisplayString(TypeFormats.FullName) == fullName);

    /// <summary>Topics: 1 to 200 ASCII letters, digits, '_', '-', '.'; '/' is reserved to separate the key.</summary>
    private static bool IsValidTopic(string topic)
    {
        if (topic.Length is 0 or > OperationNames.MaxLength) return false;
        foreach (var c in topic)
        {
            var ok = c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' or '-' or '.';
            if (!ok) return false;
        }

        return true;
    }

    private static bool IsKeyType(ITypeSymbol type) =>
        type.SpecialType is SpecialType.System_String
            or SpecialType.System_SByte or SpecialType.System_Byte
            or SpecialType.System_Int16 or SpecialType.System_UInt16
            or SpecialType.System_Int32 or SpecialType.System_UInt32
            or SpecialType.System_Int64 or SpecialType.System_UInt64
        || type.TypeKind == TypeKind.Enum;
}
