using System.Text;
using KeepalivedSharp.Operations.Metrics;
using KeepalivedSharp.Operations.Tests.Operations.Metrics;

namespace KeepalivedSharp.Operations.Tests.Packaging;

/// <summary>
/// Builds a promtool unit test (promtool test rules) whose input series are expositions the exporter
/// wrote, each as one scrape target: instance and job added and up written, as Prometheus does.
/// </summary>
public sealed class PromtoolInput
{
    private readonly StringBuilder _series = new();

    /// <param name="values">promtool's value notation for a sample's value ("1x10", "1 1 stale").</param>
    public PromtoolInput Target(string exposition, string instance, string job, Func<string, string> values, string up)
    {
        foreach (var s in PrometheusTextParser.Parse(exposition).Samples)
        {
            var labels = s.Labels.Append(KeyValuePair.Create("instance", instance)).Append(KeyValuePair.Create("job", job));
            Series(s.Name + "{" + string.Join(',', labels.Select(kv => $"{kv.Key}=\"{PrometheusText.EscapeLabel(kv.Value)}\"")) + "}",
                values(PrometheusText.Number(s.Value)));
        }
        return Series($"up{{instance=\"{instance}\",job=\"{job}\"}}", up);
    }

    private PromtoolInput Series(string series, string values)
    {
        _series.Append("      - series: '").Append(series.Replace("'", "''", StringComparison.Ordinal)).Append("'\n")
            .Append("        values: '").Append(values).Append("'\n");
        return this;
    }

    /// <summary>The test file: these series at a 1m interval, and the alerts firing at <paramref name="evalTime"/> (ALERTS series, labels only).</summary>
    public string Test(string rulesFile, string evalTime, IEnumerable<string> firing)
    {
        var t = new StringBuilder()
            .Append("rule_files:\n  - '").Append(rulesFile).Append("'\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:\n")
            .Append(_series)
            .Append("    promql_expr_test:\n      - expr: 'ALERTS{alertstate=\"firing\"}'\n        eval_time: ").Append(evalTime).Append("\n        exp_samples:\n");
        foreach (var labels in firing)
            t.Append("          - labels: 'ALERTS{alertstate=\"firing\",").Append(labels.Replace("'", "''", StringComparison.Ordinal)).Append("}'\n            value: 1\n");
        return t.ToString();
    }
}
