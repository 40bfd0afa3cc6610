using System.Collections.Generic;
using Microsoft.CodeAnalysis.CSharp;

namespace ZeroContracts.Generator.Emit;

internal static class Identifiers
{
    /// <summary>The name as it must appear in code: keywords get '@' (and 'await', which is reserved inside async methods).</summary>
    public static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || name == "await" ? "@" + name : name;

    /// <summary><paramref name="name"/>, or <paramref name="name"/> with a number when it is taken; the result is added to <paramref name="taken"/>.</summary>
    public static string Unique(string name, HashSet<string> taken)
    {
        var candidate = name;
        for (var i = 2; !taken.Add(candidate); i++) candidate = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return candidate;
    }
}
