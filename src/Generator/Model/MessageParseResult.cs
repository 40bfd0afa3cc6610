using ZeroContracts.Generator.Diagnostics;

namespace ZeroContracts.Generator.Model;

/// <summary>What parsing one [PubSub] or [Pipeline] contract yields: a model (null when it has errors) and its diagnostics.</summary>
internal sealed record MessageParseResult(MessageContractModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
