using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using ZeroContracts.Generator.Model;

namespace ZeroContracts.Generator.Diagnostics;

internal static class DiagnosticReporter
{
    /// <summary>
    /// Reports the diagnostics of every contract, each distinct one once (the same id, place and message can come from
    /// several contracts that extend one interface); a source output of its own, so reporting never re-emits code.
    /// </summary>
    public static void Report(SourceProductionContext context, IEnumerable<EquatableArray<DiagnosticInfo>> diagnostics)
    {
        var reported = new HashSet<DiagnosticInfo>();
        foreach (var contract in diagnostics)
        {
            foreach (var diagnostic in contract)
            {
                if (reported.Add(diagnostic)) context.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        }
    }
}
