using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ZeroContracts.Generator.Diagnostics;
using ZeroContracts.Generator.Emit;
using ZeroContracts.Generator.Parsing;

namespace ZeroContracts.Generator;

/// <summary>Writes a client and a server for every [ReqRep] interface.</summary>
[Generator(LanguageNames.CSharp)]
public sealed class ContractsGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // The transform is the only step that sees symbols; its result is plain equatable data.
        var contracts = context.SyntaxProvider.ForAttributeWithMetadataName(
                "ZeroContracts.ReqRepAttribute",
                static (node, _) => node is InterfaceDeclarationSyntax,
                static (ctx, ct) => ContractParser.Parse(ctx, ct))
            .WithTrackingName(TrackingNames.ReqRep);

        var models = contracts
            .Select(static (result, _) => result.Model)
            .WithTrackingName(TrackingNames.ReqRepModels);
        context.RegisterSourceOutput(models, Emitter.Emit);

        // Diagnostics travel separately, so reporting one never re-emits source.
        var diagnostics = contracts
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.ReqRepDiagnostics);
        context.RegisterSourceOutput(diagnostics, DiagnosticReporter.Report);
    }
}
