using Microsoft.CodeAnalysis;

namespace ZeroContracts.Generator.Diagnostics.Analyzers;

/// <summary>One reason a type cannot cross the wire: the rule, the offending type, the path to it and a detail for the message.</summary>
internal sealed record SerializationProblem(DiagnosticDescriptor Descriptor, string TypeName, string Path, string Detail);
