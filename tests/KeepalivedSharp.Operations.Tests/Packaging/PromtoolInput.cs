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

    /// <summary>
    /// One target scraped once a minute: each exposition is a successful scrape, null a failed one (up 0,
    /// and, as Prometheus does, a stale marker for every series the last scrape had).
    /// </summary>
    public PromtoolInput Target(string instance, string job, IReadOnlyList<string?> scrapes)
    {
        var parsed = scrapes.Select(text => text is null ? null : PrometheusTextParser.Parse(text).Samples
            .ToDictionary(s => s.Name + "{" + string.Join(',', s.Labels.Append(KeyValuePair.Create("instance", instance)).Append(KeyValuePair.Create("job", job))
                .Select(kv => $"{kv.Key}=\"{PrometheusText.EscapeLabel(kv.Value)}\"")) + "}", s => PrometheusText.Number(s.Value))).ToList();
        foreach (var series in parsed.Where(p => p is not null).SelectMany(p => p!.Keys).Distinct())
        {
            var values = parsed.Select((p, k) => p is not null && p.TryGetValue(series, out var v) ? v
                : k > 0 && parsed[k - 1] is { } before && before.ContainsKey(series) ? "stale" : "_");
            Series(series, string.Join(' ', values));
        }
        return Series($"up{{instance=\"{instance}\",job=\"{job}\"}}", string.Join(' ', scrapes.Select(t => t is null ? "0" : "1")));
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
