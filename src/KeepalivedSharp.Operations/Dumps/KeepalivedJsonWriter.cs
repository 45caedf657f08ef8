using System.Globalization;
using System.Text;

namespace KeepalivedSharp.Operations.Dumps;

/// <summary>
/// A compact JSON writer producing keepalived's json_writer.c output: no spaces, '/' escaped as "\/",
/// numbers as C prints them. Unlike keepalived, a backslash is escaped correctly ("\\") and other
/// control characters as \u00XX, so the output is always valid JSON.
/// </summary>
public sealed class KeepalivedJsonWriter
{
    private readonly StringBuilder _out = new();
    private readonly Stack<bool> _first = new();
    private bool _afterName;

    public void StartArray() => Open('[');
    public void EndArray() => Close(']');
    public void StartObject() => Open('{');
    public void EndObject() => Close('}');

    public void Name(string name)
    {
        Separator();
        String(name);
        _out.Append(':');
        _afterName = true;
    }

    public void StringValue(string value)
    {
        Separator();
        String(value);
    }

    public void Field(string name, string value)
    {
        Name(name);
        StringValue(value);
    }

    public void Field(string name, long value) => Raw(name, value.ToString(CultureInfo.InvariantCulture));

    public void Field(string name, bool value) => Raw(name, value ? "true" : "false");

    /// <summary>jsonw_float_field: C's %g.</summary>
    public void FieldG(string name, double value) => Raw(name, KeepalivedText.G(value));

    /// <summary>jsonw_float_field_fmt with "%f": six decimals.</summary>
    public void FieldRaw(string name, string number) => Raw(name, number);

    public override string ToString() => _out.ToString();

    private void Raw(string name, string literal)
    {
        Name(name);
        Separator();
        _out.Append(literal);
    }

    private void Open(char c)
    {
        Separator();
        _out.Append(c);
        _first.Push(true);
    }

    private void Close(char c)
    {
        _first.Pop();
        _out.Append(c);
    }

    private void Separator()
    {
        if (_afterName)
        {
            _afterName = false;
            return;
        }
        if (_first.Count == 0) return;
        if (!_first.Peek()) _out.Append(',');
        _first.Pop();
        _first.Push(false);
    }

    private void String(string s)
    {
        _out.Append('"');
        foreach (var ch in s)
        {
            switch (ch)
            {
                case '\t': _out.Append("\\t"); break;
                case '\n': _out.Append("\\n"); break;
                case '\r': _out.Append("\\r"); break;
                case '\f': _out.Append("\\f"); break;
                case '\b': _out.Append("\\b"); break;
                case '\\': _out.Append("\\\\"); break;
                case '"': _out.Append("\\\""); break;
                case '/': _out.Append("\\/"); break;
                case < ' ': _out.Append("\\u").Append(((int)ch).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: _out.Append(ch); break;
            }
        }
        _out.Append('"');
    }
}
