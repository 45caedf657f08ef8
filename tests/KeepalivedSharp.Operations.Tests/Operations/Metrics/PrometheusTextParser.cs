using System.Globalization;
using System.Text.RegularExpressions;

namespace KeepalivedSharp.Operations.Tests.Operations.Metrics;

/// <summary>
/// A strict reader of the Prometheus text format 0.0.4: HELP/TYPE comments, one TYPE per family before
/// its samples, metric and label names by the spec's regexes, quoted and escaped label values, no
/// duplicate series, Go float values. Throws <see cref="FormatException"/> with the line number.
/// </summary>
public static partial class PrometheusTextParser
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();

    private static readonly HashSet<string> Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    public static (List<Sample> Samples, Dictionary<string, string> TypeOf) Parse(string text)
    {
        if (text.Length > 0 && !text.EndsWith('\n')) throw new FormatException("the exposition must end with a newline");
        var samples = new List<Sample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var helps = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var sampled = new HashSet<string>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (int n = 0; n < lines.Length - 1; n++)
        {
            var line = lines[n];
            void Fail(string why) => throw new FormatException($"line {n + 1}: {why}: {line}");
            if (line.Length == 0) continue;
            if (line.StartsWith('#'))
            {
                var parts = line.Split(' ', 4);
                if (parts.Length >= 3 && parts[1] == "HELP")
                {
                    if (!MetricName().IsMatch(parts[2])) Fail("bad metric name in HELP");
                    if (!helps.Add(parts[2])) Fail("second HELP for a family");
                }
                else if (parts.Length >= 3 && parts[1] == "TYPE")
                {
                    if (parts.Length != 4 || !Types.Contains(parts[3])) Fail("bad TYPE");
                    if (!MetricName().IsMatch(parts[2])) Fail("bad metric name in TYPE");
                    if (sampled.Contains(parts[2])) Fail("TYPE after the family's samples");
                    if (!types.TryAdd(parts[2], parts[3])) Fail("second TYPE for a family");
                }
                continue;
            }
            var i = 0;
            while (i < line.Length && line[i] != '{' && line[i] != ' ') i++;
            var name = line[..i];
            if (!MetricName().IsMatch(name)) Fail("bad metric name");
            var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
            if (i < line.Length && line[i] == '{')
            {
                i++;
                while (line[i] != '}')
                {
                    var eq = line.IndexOf('=', i);
                    if (eq < 0) Fail("label without '='");
                    var label = line[i..eq];
                    if (!LabelName().IsMatch(label)) Fail($"bad label name '{label}'");
                    if (eq + 1 >= line.Length || line[eq + 1] != '"') Fail("label value not quoted");
                    var value = new System.Text.StringBuilder();
                    var k = eq + 2;
                    for (; k < line.Length && line[k] != '"'; k++)
                    {
                        if (line[k] == '\\')
                        {
                            k++;
                            if (k >= line.Length) Fail("dangling escape");
                            value.Append(line[k] switch { 'n' => '\n', '\\' => '\\', '"' => '"', _ => throw new FormatException($"line {n + 1}: bad escape \\{line[k]}") });
                        }
                        else value.Append(line[k]);
                    }
                    if (k >= line.Length) Fail("unterminated label value");
                    if (!labels.TryAdd(label, value.ToString())) Fail("duplicate label");
                    i = k + 1;
                    if (i < line.Length && line[i] == ',') i++;
                    else if (i >= line.Length || line[i] != '}') Fail("expected ',' or '}'");
                }
                i++;
            }
            if (i >= line.Length || line[i] != ' ') Fail("expected a space before the value");
            var rest = line[(i + 1)..].Split(' ');
            if (rest.Length is < 1 or > 2) Fail("expected value [timestamp]");
            var number = rest[0] switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                var v when double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
                _ => throw new FormatException($"line {n + 1}: bad value '{rest[0]}'"),
            };
            var family = name; // counters and gauges: the sample name is the family name
            if (!types.ContainsKey(family)) Fail("sample before (or without) its TYPE");
            sampled.Add(family);
            if (!seen.Add(name + string.Join(',', labels.Select(kv => $"{kv.Key}={kv.Value}")))) Fail("duplicate series");
            samples.Add(new Sample(name, labels, number));
        }
        return (samples, types);
    }
}
