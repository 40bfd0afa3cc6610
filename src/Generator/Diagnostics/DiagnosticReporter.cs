using Microsoft.CodeAnalysis;
using ZeroContracts.Generator.Model;

namespace ZeroContracts.Generator.Diagnostics;

internal static class DiagnosticReporter
{
    /// <summary>Reports the diagnostics of one contract; a source output of its own, so reporting never re-emits code.</summary>
    public static void Report(SourceProductionContext context, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (var diagnostic in diagnostics) context.ReportDiagnostic(diagnostic.ToDiagnostic());
    }
}
