using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using ZeroContracts.Generator.Model;

namespace ZeroContracts.Generator.Diagnostics;

/// <summary>
/// A diagnostic as plain, equatable data: a <see cref="Location"/> would keep a syntax tree alive and defeat caching,
/// so only the file path and spans are kept and the location is rebuilt when the diagnostic is reported.
/// </summary>
internal sealed record DiagnosticInfo(
    string Id,
    string FilePath,
    TextSpan Span,
    LinePositionSpan LineSpan,
    EquatableArray<string> MessageArgs)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location location, params string[] messageArgs)
    {
        var lineSpan = location.GetLineSpan();
        return new DiagnosticInfo(descriptor.Id, lineSpan.Path ?? "", location.SourceSpan, lineSpan.Span, new EquatableArray<string>(messageArgs));
    }

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(
            Descriptors.ById(Id),
            Location.Create(FilePath, Span, LineSpan),
            MessageArgs.Cast<object>().ToArray());
}
