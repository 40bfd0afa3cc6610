using ZeroContracts.Generator.Diagnostics;

namespace ZeroContracts.Generator.Model;

/// <summary>What parsing one [PubSub] or [Pipeline] contract yields: a model (null when no code can be generated for it: see ZC1007, ZC1011) and its diagnostics.</summary>
internal sealed record MessageParseResult(MessageContractModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
