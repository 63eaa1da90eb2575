using System;
using System.Text;

namespace DyT.Generators.Emit;

/// <summary>A small indented text writer: the emitted code is written as it will be read.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder text = new();
    private int depth;

    /// <summary>Writes one line at the current indentation (an empty line without trailing spaces).</summary>
    public CodeWriter Line(string line = "")
    {
        if (line.Length > 0) text.Append(' ', depth * 4).Append(line);
        text.Append('\n');
        return this;
    }

    /// <summary>Writes <paramref name="header"/>, an opening brace, and indents until the returned scope is disposed.</summary>
    public IDisposable Block(string header)
    {
        Line(header);
        Line("{");
        depth++;
        return new Scope(this);
    }

    public override string ToString() => text.ToString();

    private sealed class Scope(CodeWriter writer) : IDisposable
    {
        public void Dispose()
        {
            writer.depth--;
            writer.Line("}");
        }
    }
}
