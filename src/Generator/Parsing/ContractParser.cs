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

/// <summary>Turns a [ReqRep] interface symbol into a <see cref="ContractModel"/> and its diagnostics.</summary>
internal static class ContractParser
{
    private const string OperationAttributeName = "ZeroContracts.OperationAttribute";
    private const string ReqRepAttributeName = "ZeroContracts.ReqRepAttribute";

    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var contract = (INamedTypeSymbol)context.TargetSymbol;
        if (!ContractSymbols.IsFirstPattern(contract, ReqRepAttributeName)) return new ParseResult(null, EquatableArray<DiagnosticInfo>.Empty);

        var parser = new Parser(contract, cancellationToken);
        return parser.Run(ContractSymbols.ReadFraming(context.Attributes));
    }

    /// <summary>The state of parsing one contract: the symbol, the diagnostics found so far.</summary>
    private sealed class Parser
    {
        private readonly INamedTypeSymbol _contract;
        private readonly CancellationToken _cancellationToken;
        private readonly Location _contractLocation;
        private readonly List<DiagnosticInfo> _diagnostics = new();

        public Parser(INamedTypeSymbol contract, CancellationToken cancellationToken)
        {
            _contract = contract;
            _cancellationToken = cancellationToken;
            _contractLocation = contract.Locations.FirstOrDefault(static l => l.IsInSource) ?? Location.None;
        }

        public ParseResult Run(ContractFraming framing)
        {
            // ZC1007 and ZC1011 leave nothing to generate: the generated types could not name the contract, or their own names are taken.
            var isPublic = CheckContractType();
            CheckGeneratedTypeNames();
            var canGenerate = _diagnostics.Count == 0;

            var members = ContractMembers<OperationModel>.Read(
                _contract,
                _diagnostics,
                ParseOperation,
                static operation => operation.WireName,
                (method, operation, first) => Report(Descriptors.DuplicateOperationName, method.Locations.FirstOrDefault(), Describe(method), operation.WireName, Describe(first)),
                Report,
                _cancellationToken);

            // A method that does not fit Bare framing is not an operation either; its explicit implementation throws.
            if (framing == ContractFraming.Bare) members.Invalidate(CheckBare(members.Valid.Select(static o => o.Method).ToList()));

            var diagnostics = _diagnostics.ToEquatableArray();
            if (!canGenerate) return new ParseResult(null, diagnostics);

            var model = new ContractModel(
                Namespace: _contract.ContainingNamespace.IsGlobalNamespace ? "" : _contract.ContainingNamespace.ToDisplayString(TypeFormats.Namespace),
                FullName: _contract.ToDisplayString(TypeFormats.FullName),
                TypeName: _contract.ToDisplayString(TypeFormats.FullyQualified),
                BaseName: GeneratedNames.BaseName(_contract.Name),
                IsPublic: isPublic,
                Framing: framing,
                Operations: members.Valid.Select(static o => o.Model).ToEquatableArray(),
                InvalidMembers: InvalidMembers.Create(members.Invalid));
            return new ParseResult(model, diagnostics);
        }

        /// <summary>ZC1011: the generated client and server must not take a name something else already has.</summary>
        private void CheckGeneratedTypeNames()
        {
            foreach (var (name, holder) in GeneratedNames.TakenTypeNames(_contract, GeneratedNames.BaseName(_contract.Name), new[] { "Client", "Server" }))
            {
                Report(Descriptors.GeneratedTypeNameTaken, _contractLocation, Describe(_contract), name, holder);
            }
        }

        /// <summary>Checks that generated types can implement and name the contract (ZC1007); returns whether it is public.</summary>
        private bool CheckContractType() => ContractSymbols.CheckContractType(_contract, _contractLocation, Report);

        /// <summary>The operation of a contract method, or null when the method breaks a rule (already reported).</summary>
        private OperationModel? ParseOperation(IMethodSymbol method)
        {
            var errors = _diagnostics.Count;
            var name = Describe(method);

            if (method.IsGenericMethod) Report(Descriptors.GenericMethod, method.Locations.FirstOrDefault(), name);
            if (GeneratedNames.ClientMemberClash(method, GeneratedNames.BaseName(_contract.Name) + "Client") is { } clash)
            {
                Report(Descriptors.MemberNameTaken, method.Locations.FirstOrDefault(), name, clash, GeneratedNames.BaseName(_contract.Name) + "Client");
            }

            var returnType = ReadReturnType(method.ReturnType);
            if (returnType is null)
            {
                Report(Descriptors.UnsupportedReturnType, ReturnTypeLocation(method), name, method.ReturnType.ToDisplayString());
            }

            var parameters = new List<ParameterModel>();
            for (var i = 0; i < method.Parameters.Length; i++)
            {
                var parameter = method.Parameters[i];
                var isToken = IsCancellationToken(parameter.Type);
                if (parameter.RefKind != RefKind.None || parameter.IsParams)
                {
                    Report(Descriptors.UnsupportedParameterModifier, Locate(parameter), parameter.Name, name, Modifier(parameter));
                }
                else if (isToken && i != method.Parameters.Length - 1)
                {
                    Report(Descriptors.MisplacedCancellationToken, Locate(parameter), parameter.Name, name);
                }
                else if (UnusableParameterType(parameter) is { } unusable)
                {
                    Report(unusable, Locate(parameter), $"Parameter '{parameter.Name}' of '{name}'", parameter.Type.ToDisplayString(), "");
                }

                parameters.Add(new ParameterModel(
                    Name: parameter.Name,
                    Type: parameter.Type.ToDisplayString(TypeFormats.FullyQualified),
                    DefaultValue: DefaultValues.Format(parameter),
                    IsCancellationToken: isToken));
            }

            var wireName = ReadWireName(method);
            if (_diagnostics.Count != errors || returnType is null || wireName is null) return null;

            return new OperationModel(
                MethodName: method.Name,
                WireName: wireName,
                ReturnType: method.ReturnType.ToDisplayString(TypeFormats.FullyQualified),
                ResultType: returnType.Value.Result?.ToDisplayString(TypeFormats.FullyQualified),
                ReturnsValueTask: returnType.Value.IsValueTask,
                Parameters: parameters.ToEquatableArray());
        }

        /// <summary>[Operation("name")] if present, else the method name without Async; null when invalid (reported).</summary>
        private string? ReadWireName(IMethodSymbol method)
        {
            foreach (var attribute in method.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString(TypeFormats.FullName) != OperationAttributeName) continue;

                var declared = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
                if (OperationNames.IsValid(declared)) return declared;

                Report(Descriptors.InvalidOperationName, AttributeArgumentLocation(attribute) ?? method.Locations.FirstOrDefault(), declared ?? "", Describe(method), "");
                return null;
            }

            var derived = OperationNames.FromMethodName(method.Name);
            if (OperationNames.IsValid(derived)) return derived;

            Report(Descriptors.InvalidOperationName, method.Locations.FirstOrDefault(), derived, Describe(method), ", or give the method [Operation(\"...\")]");
            return null;
        }

        /// <summary>ZC1009: one operation, one string/byte[] parameter, a string/byte[] result. Returns the methods reported.</summary>
        private IEnumerable<(IMethodSymbol Method, string Id)> CheckBare(List<IMethodSymbol> methods)
        {
            var id = Descriptors.BareFramingMisuse.Id;
            if (methods.Count == 0)
            {
                Report(Descriptors.BareFramingMisuse, _contractLocation, Describe(_contract), "has no operation");
                yield break;
            }

            foreach (var extra in methods.Skip(1))
            {
                Report(Descriptors.BareFramingMisuse, extra.Locations.FirstOrDefault(), Describe(extra), "is a second operation in a Bare contract");
                yield return (extra, id);
            }

            var method = methods[0];
            var name = Describe(method);
            var before = _diagnostics.Count;
            var parameters = method.Parameters.Where(static p => !IsCancellationToken(p.Type)).ToList();
            if (parameters.Count != 1)
            {
                Report(Descriptors.BareFramingMisuse, method.Locations.FirstOrDefault(), name, $"takes {parameters.Count} parameters");
            }
            else if (!IsBareValue(parameters[0].Type))
            {
                Report(Descriptors.BareFramingMisuse, Locate(parameters[0]), name, $"takes a parameter of type '{parameters[0].Type.ToDisplayString()}'");
            }

            var result = ReadReturnType(method.ReturnType)?.Result;
            if (result is null)
            {
                Report(Descriptors.BareFramingMisuse, ReturnTypeLocation(method), name, "returns no value");
            }
            else if (!IsBareValue(result))
            {
                Report(Descriptors.BareFramingMisuse, ReturnTypeLocation(method), name, $"returns a '{result.ToDisplayString()}'");
            }

            if (_diagnostics.Count != before) yield return (method, id);
        }

        private void Report(DiagnosticDescriptor descriptor, Location? location, params string[] messageArgs)
        {
            var at = location is { IsInSource: true } ? location : _contractLocation;
            _diagnostics.Add(DiagnosticInfo.Create(descriptor, at, messageArgs));
        }

        private Location? Locate(IParameterSymbol parameter) => ContractSymbols.Locate(parameter, _cancellationToken);

        private Location? ReturnTypeLocation(IMethodSymbol method) => ContractSymbols.ReturnTypeLocation(method, _cancellationToken);

        private Location? AttributeArgumentLocation(AttributeData attribute) => ContractSymbols.AttributeArgumentLocation(attribute, _cancellationToken);
    }

    /// <summary>The result type of Task, Task&lt;T&gt;, ValueTask or ValueTask&lt;T&gt;; null for any other type.</summary>
    private static (ITypeSymbol? Result, bool IsValueTask)? ReadReturnType(ITypeSymbol type)
    {
        if (type is not INamedTypeSymbol { Name: "Task" or "ValueTask", Arity: <= 1 } named) return null;
        if (named.ContainingNamespace.ToDisplayString() != "System.Threading.Tasks") return null;
        return (named.Arity == 1 ? named.TypeArguments[0] : null, named.Name == "ValueTask");
    }
}
