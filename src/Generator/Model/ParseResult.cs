using ZeroContracts.Generator.Diagnostics;

namespace ZeroContracts.Generator.Model;

/// <summary>What parsing one contract yields: a model to emit (null when no code can be generated for it: see ZC1007, ZC1011) and its diagnostics.</summary>
internal sealed record ParseResult(ContractModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
