using System.Text;

namespace IpcGen.Generator.Emitting;

/// <summary>A string builder that indents lines by four spaces per open block.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    /// <summary>Appends a line, or several separated by <c>\n</c>, each indented to the current depth.</summary>
    public CodeWriter Line(string line = "")
    {
        foreach (var part in line.Split('\n'))
        {
            if (part.Length > 0)
            {
                _text.Append(' ', _depth * 4);
            }

            _text.Append(part).Append('\n');
        }

        return this;
    }

    public CodeWriter Open(string line)
    {
        Line(line);
        Line("{");
        _depth++;
        return this;
    }

    public CodeWriter Close(string suffix = "")
    {
        _depth--;
        Line("}" + suffix);
        return this;
    }

    public CodeWriter Indent()
    {
        _depth++;
        return this;
    }

    public CodeWriter Outdent()
    {
        _depth--;
        return this;
    }

    public override string ToString() => _text.ToString();
}
