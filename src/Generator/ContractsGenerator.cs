using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ZeroContracts.Generator.Diagnostics;
using ZeroContracts.Generator.Emit;
using ZeroContracts.Generator.Parsing;

namespace ZeroContracts.Generator;

/// <summary>
/// Writes a client and a server for every [ReqRep] interface, a publisher and a subscriber for every [PubSub]
/// interface, and a pusher and a puller for every [Pipeline] interface.
/// </summary>
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

        // [PubSub] and [Pipeline]: the same shape, one pipeline per attribute.
        var pubSub = context.SyntaxProvider.ForAttributeWithMetadataName(
                "ZeroContracts.PubSubAttribute",
                static (node, _) => node is InterfaceDeclarationSyntax,
                static (ctx, ct) => MessageContractParser.Parse(ctx, Model.MessagePattern.PubSub, ct))
            .WithTrackingName(TrackingNames.PubSub);
        context.RegisterSourceOutput(pubSub.Select(static (result, _) => result.Model).WithTrackingName(TrackingNames.PubSubModels), MessageEmitter.Emit);
        var pubSubDiagnostics = pubSub.Select(static (result, _) => result.Diagnostics).WithTrackingName(TrackingNames.PubSubDiagnostics);

        var pipeline = context.SyntaxProvider.ForAttributeWithMetadataName(
                "ZeroContracts.PipelineAttribute",
                static (node, _) => node is InterfaceDeclarationSyntax,
                static (ctx, ct) => MessageContractParser.Parse(ctx, Model.MessagePattern.Pipeline, ct))
            .WithTrackingName(TrackingNames.Pipeline);
        context.RegisterSourceOutput(pipeline.Select(static (result, _) => result.Model).WithTrackingName(TrackingNames.PipelineModels), MessageEmitter.Emit);
        var pipelineDiagnostics = pipeline.Select(static (result, _) => result.Diagnostics).WithTrackingName(TrackingNames.PipelineDiagnostics);

        // All contracts' diagnostics are reported together, each once: a bad method of a base interface that two
        // contracts extend is one diagnostic where it is declared, not one per contract.
        var allDiagnostics = diagnostics.Collect()
            .Combine(pubSubDiagnostics.Collect())
            .Combine(pipelineDiagnostics.Collect())
            .WithTrackingName(TrackingNames.AllDiagnostics);
        context.RegisterSourceOutput(allDiagnostics, static (context, all) =>
            DiagnosticReporter.Report(context, all.Left.Left.Concat(all.Left.Right).Concat(all.Right)));
    }
}
