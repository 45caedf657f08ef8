using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace KeepalivedSharp.Bench.Engine.Harness;

/// <summary>Writes results.tsv (for plotting), alloc-profile.tsv and results.md (for docs/bench-engine.md).</summary>
public static partial class ResultFiles
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(string directory, IReadOnlyList<Measurement> results,
        IReadOnlyList<(Measurement Case, IReadOnlyList<(string Type, double Share)> Types)> profiles,
        IReadOnlyList<(string Key, string Value)> machine)
    {
        Directory.CreateDirectory(directory);
        var tsv = new StringBuilder("suite\tcase\tunit\titerations\tunits_per_iteration\tmedian_rate\tp90_rate\tmedian_cpu_rate\tp90_cpu_rate\tmedian_ns\tmedian_cpu_ns\tbytes_per_unit\tgen0\tnote\n");
        foreach (var r in results)
        {
            tsv.Append(Inv, $"{r.Suite}\t{r.Case}\t{r.Unit}\t{r.Iterations}\t{r.UnitsPerIteration:0.###}\t{r.MedianRate:0.0}\t{r.P90Rate:0.0}\t{r.MedianCpuRate:0.0}\t{r.P90CpuRate:0.0}\t")
               .Append(Inv, $"{r.MedianNanosecondsPerUnit:0.0}\t{r.MedianCpuNanosecondsPerUnit:0.0}\t{r.BytesPerUnit:0.0}\t{r.Gen0Collections}\t{r.Note}\n");
        }
        File.WriteAllText(Path.Combine(directory, "results.tsv"), tsv.ToString());

        var alloc = new StringBuilder("suite\tcase\ttype\tshare\n");
        foreach (var (c, types) in profiles)
        {
            foreach (var (type, share) in types) alloc.Append(Inv, $"{c.Suite}\t{c.Case}\t{type}\t{share:0.000}\n");
        }
        File.WriteAllText(Path.Combine(directory, "alloc-profile.tsv"), alloc.ToString());

        File.WriteAllText(Path.Combine(directory, "results.md"), Markdown(results, profiles, machine));
    }

    public static string Markdown(IReadOnlyList<Measurement> results,
        IReadOnlyList<(Measurement Case, IReadOnlyList<(string Type, double Share)> Types)> profiles,
        IReadOnlyList<(string Key, string Value)> machine)
    {
        var md = new StringBuilder();
        foreach (var (k, v) in machine) md.Append(Inv, $"- {k}: {v}\n");
        md.Append('\n');
        foreach (var suite in results.GroupBy(r => r.Suite))
        {
            var unit = suite.First().Unit;
            md.Append(Inv, $"### {suite.Key}\n\n| case | {unit} per CPU s (median) | p90 | {unit} per wall s (median) | p90 | CPU ns/{Singular(unit)} | bytes/{Singular(unit)} | gen0 GCs | note |\n|---|--:|--:|--:|--:|--:|--:|--:|---|\n");
            foreach (var r in suite)
            {
                md.Append(Inv, $"| {r.Case} | {Rate(r.MedianCpuRate)} | {Rate(r.P90CpuRate)} | {Rate(r.MedianRate)} | {Rate(r.P90Rate)} | {r.MedianCpuNanosecondsPerUnit:0} | {r.BytesPerUnit:0} | {r.Gen0Collections} | {r.Note} |\n");
            }
            md.Append('\n');
        }
        if (profiles.Count == 0) return md.ToString();
        md.Append("### What allocates (sampled GCAllocationTick, share of bytes)\n\n| case | types |\n|---|---|\n");
        foreach (var (c, types) in profiles)
        {
            // Below 1 % is sampling noise (the listener's own event objects among it).
            var shown = types.Where(t => t.Share >= 0.01).Take(5).Select(t => $"`{Shorten(t.Type)}` {t.Share:P0}").ToList();
            var top = shown.Count == 0 ? "nothing sampled" : string.Join(", ", shown);
            md.Append(Inv, $"| {c.Suite}: {c.Case} | {top} |\n");
        }
        return md.Append('\n').ToString();
    }

    private static string Singular(string unit) => unit == "adverts" ? "advert" : unit;

    private static string Rate(double r) => r >= 1e6 ? string.Create(Inv, $"{r / 1e6:0.00} M") : r >= 1e4 ? string.Create(Inv, $"{r / 1e3:0} k") : string.Create(Inv, $"{r:0}");

    /// <summary>Drops namespaces: System.Collections.Generic.List`1[KeepalivedSharp.Core.Vrrp.EngineAction] becomes List'1[EngineAction] (no backtick, so it fits in a code span).</summary>
    private static string Shorten(string type) => Namespaces().Replace(type, "").Replace('`', '\'');

    [GeneratedRegex(@"(\w+\.)+")]
    private static partial Regex Namespaces();
}
