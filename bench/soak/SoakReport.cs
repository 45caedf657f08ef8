using System.Text.Json;
using System.Text.Json.Serialization;

namespace KeepalivedSharp.Soak;

/// <summary>One line of faults.jsonl: a fault as applied.</summary>
public sealed record FaultLine(int Index, string Kind, string Node, string NodeKind, double PlannedAt, double Start, double Heal, int[] Pids, string Detail);

public sealed record ClassCount(string Class, int Count, double LongestSeconds, bool Known);

public sealed record ReasonTotal(string Reason, int Count, double TotalSeconds, double LongestSeconds);

public sealed record KindFigures(string Kind, int Count, double LongestLossSeconds, double LongestDualSeconds);

public sealed record SoakSummary(
    int Seed, double Minutes, int Faults, int Adverts, int HolderSamples, int ObserverStalls, double ObserverStallSeconds,
    SoakBounds Bounds, int Violations, int UnknownViolations, ClassCount[] ByClass, ReasonTotal[] Excused, KindFigures[] ByKind,
    Violation[] ViolationList);

[JsonSourceGenerationOptions(WriteIndented = false, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(FaultLine))]
[JsonSerializable(typeof(SoakSummary))]
internal sealed partial class SoakJson : JsonSerializerContext;

/// <summary>The summary JSON: violations by class (known defects marked), excused overlaps, figures per fault kind.</summary>
public static class SoakReport
{
    public static SoakSummary Build(SoakOptions options, ChaosPlan plan, SoakBounds bounds, SoakTimeline t, SoakVerdict v)
    {
        static double R(double x) => Math.Round(x, 3);
        return new SoakSummary(
            options.Seed, options.Minutes, t.Faults.Count, t.Adverts.Count, t.Holders.Count, t.Stalls.Count, R(t.Stalls.Sum(s => s.End - s.Start)),
            bounds, v.Violations.Count, v.Violations.Count(x => !InvariantAnalysis.Known.Contains(x.Class)),
            [.. v.Violations.GroupBy(x => x.Class).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new ClassCount(g.Key, g.Count(), R(g.Max(x => x.Duration)), InvariantAnalysis.Known.Contains(g.Key)))],
            [.. v.Excused.GroupBy(x => x.Reason).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new ReasonTotal(g.Key, g.Count(), R(g.Sum(x => x.Duration)), R(g.Max(x => x.Duration))))],
            [.. v.Faults.GroupBy(x => x.Kind).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new KindFigures(g.Key, g.Count(), R(g.Max(x => x.LongestLoss)), R(g.Max(x => x.LongestDual))))],
            [.. v.Violations.Select(x => x with { Start = R(x.Start), Duration = R(x.Duration) })]);
    }

    public static string Summary(SoakOptions options, ChaosPlan plan, SoakBounds bounds, SoakTimeline t, SoakVerdict v)
        => JsonSerializer.Serialize(Build(options, plan, bounds, t, v), new SoakJson(new JsonSerializerOptions(SoakJson.Default.Options) { WriteIndented = true }).SoakSummary);
}
