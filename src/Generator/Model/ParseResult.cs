using ZeroContracts.Generator.Diagnostics;

namespace ZeroContracts.Generator.Model;

/// <summary>What parsing one contract yields: a model to emit (null when the contract has errors) and its diagnostics.</summary>
internal sealed record ParseResult(ContractModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
