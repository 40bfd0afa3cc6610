namespace ZeroContracts.Generator;

/// <summary>Names of the pipeline steps, so tests can check each one is cached after an unrelated edit.</summary>
internal static class TrackingNames
{
    public const string ReqRep = nameof(ReqRep);
    public const string ReqRepModels = nameof(ReqRepModels);
    public const string ReqRepDiagnostics = nameof(ReqRepDiagnostics);
    public const string PubSub = nameof(PubSub);
    public const string PubSubModels = nameof(PubSubModels);
    public const string PubSubDiagnostics = nameof(PubSubDiagnostics);
    public const string Pipeline = nameof(Pipeline);
    public const string PipelineModels = nameof(PipelineModels);
    public const string PipelineDiagnostics = nameof(PipelineDiagnostics);
    public const string AllDiagnostics = nameof(AllDiagnostics);
}
