using System;
using System.Text;

namespace ZeroContracts.Generator.Emit;

/// <summary>Builds source text line by line with indentation; always '\n' line endings so output is the same everywhere.</summary>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";

    private readonly StringBuilder _text = new();
    private int _indent;

    public void Indent() => _indent++;

    public void Unindent() => _indent--;

    /// <summary>Writes <c>{</c> and indents.</summary>
    public void OpenBlock()
    {
        WriteLine("{");
        _indent++;
    }

    /// <summary>Unindents and writes <c>}</c>.</summary>
    public void CloseBlock()
    {
        _indent--;
        WriteLine("}");
    }

    public void WriteLine() => _text.Append('\n');

    /// <summary>Writes one line, or each line of a multi-line (raw string) text, at the current indentation.</summary>
    public void WriteLine(string text)
    {
        foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
        {
            if (line.Length > 0)
            {
                for (var i = 0; i < _indent; i++) _text.Append(IndentUnit);
                _text.Append(line);
            }

            _text.Append('\n');
        }
    }

    public override string ToString() => _text.ToString();
}
