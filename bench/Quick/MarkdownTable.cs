using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace ZeroContracts.Bench.Quick;

/// <summary>A table printed as Markdown, so a quick run pastes into docs/performance.md as it is.</summary>
internal sealed class MarkdownTable
{
    private readonly string[] _headers;
    private readonly List<string[]> _rows = new();

    public MarkdownTable(params string[] headers) => _headers = headers;

    public void Add(params string[] cells) => _rows.Add(cells);

    public void Write(TextWriter output)
    {
        var widths = _headers.Select((h, i) => Math.Max(h.Length, _rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        output.WriteLine("| " + string.Join(" | ", _headers.Select((h, i) => h.PadRight(widths[i]))) + " |");
        output.WriteLine("|" + string.Join("|", widths.Select(static w => new string('-', w + 2))) + "|");
        foreach (var row in _rows) output.WriteLine("| " + string.Join(" | ", row.Select((c, i) => c.PadRight(widths[i]))) + " |");
        output.WriteLine();
    }
}
