using System;
using System.Text;

namespace DyT.Generators.Emit.Twin;

/// <summary>
/// An indented writer for Python source, the twin's counterpart of <see cref="CodeWriter"/>: a block is a header
/// ending in a colon and a deeper indentation, four spaces per level as PEP 8 has it.
/// </summary>
internal sealed class PythonWriter
{
    private readonly StringBuilder text = new();
    private int depth;

    /// <summary>Writes one line at the current indentation (an empty line without trailing spaces).</summary>
    public PythonWriter Line(string line = "")
    {
        if (line.Length > 0) text.Append(' ', depth * 4).Append(line);
        text.Append('\n');
        return this;
    }

    /// <summary>Writes each line of <paramref name="lines"/> (a fixed piece of source) at the current indentation.</summary>
    public PythonWriter Lines(string lines)
    {
        foreach (var line in lines.Replace("\r\n", "\n").Split('\n')) Line(line);
        return this;
    }

    /// <summary>Writes <paramref name="header"/> followed by a colon and indents until the returned scope is disposed.</summary>
    public IDisposable Block(string header)
    {
        Line(header + ":");
        depth++;
        return new Scope(this);
    }

    /// <summary>A triple-quoted docstring of one or more lines at the current indentation.</summary>
    public PythonWriter Docstring(params string[] lines)
    {
        if (lines.Length == 1) return Line($"\"\"\"{lines[0]}\"\"\"");
        Line("\"\"\"" + lines[0]);
        for (var i = 1; i < lines.Length; i++) Line(lines[i]);
        return Line("\"\"\"");
    }

    public override string ToString() => text.ToString();

    private sealed class Scope(PythonWriter writer) : IDisposable
    {
        public void Dispose() => writer.depth--;
    }
}
