using System.Globalization;
using System.Text;

namespace KeepalivedSharp.Operations.Metrics;

/// <summary>Prometheus text exposition format 0.0.4 writer: HELP/TYPE once per family, escaped label values, Go-style floats.</summary>
public sealed class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";
    private readonly StringBuilder _out = new();
    private readonly HashSet<string> _declared = new(StringComparer.Ordinal);

    /// <summary>Declares a family (first call only writes the HELP and TYPE lines).</summary>
    public PrometheusText Family(string name, string type, string help)
    {
        if (_declared.Add(name))
        {
            _out.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(help)).Append('\n');
            _out.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        }
        return this;
    }

    public PrometheusText Sample(string name, double value, params (string Name, string Value)[] labels)
    {
        _out.Append(name);
        if (labels.Length > 0)
        {
            _out.Append('{');
            for (int i = 0; i < labels.Length; i++)
            {
                if (i > 0) _out.Append(',');
                _out.Append(labels[i].Name).Append("=\"").Append(EscapeLabel(labels[i].Value)).Append('"');
            }
            _out.Append('}');
        }
        _out.Append(' ').Append(Number(value)).Append('\n');
        return this;
    }

    public override string ToString() => _out.ToString();

    public static string Number(double v) =>
        double.IsPositiveInfinity(v) ? "+Inf" : double.IsNegativeInfinity(v) ? "-Inf" : double.IsNaN(v) ? "NaN"
        : v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Label values escape backslash, double quote and newline.</summary>
    public static string EscapeLabel(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>HELP text escapes backslash and newline.</summary>
    public static string EscapeHelp(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
