using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.Text;

namespace ZeroContracts.Generator.Tests;

/// <summary>The Roslyn testing markup <c>{|ZC1002:ref int x|}</c>: the expected diagnostic's id and span, stripped from the source.</summary>
internal static class Markup
{
    private static readonly Regex Span = new(@"\{\|(?<id>[A-Z]+[0-9]+):(?<text>.*?)\|\}", RegexOptions.Singleline);

    public static (string Source, IReadOnlyList<(string Id, TextSpan Span)> Expected) Parse(string markup)
    {
        var source = new StringBuilder();
        var expected = new List<(string, TextSpan)>();
        var last = 0;
        foreach (Match match in Span.Matches(markup))
        {
            source.Append(markup, last, match.Index - last);
            var text = match.Groups["text"].Value;
            expected.Add((match.Groups["id"].Value, new TextSpan(source.Length, text.Length)));
            source.Append(text);
            last = match.Index + match.Length;
        }

        source.Append(markup, last, markup.Length - last);
        return (source.ToString(), expected);
    }
}
