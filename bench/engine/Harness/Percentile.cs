namespace KeepalivedSharp.Bench.Engine.Harness;

/// <summary>Percentiles by linear interpolation between closest ranks.</summary>
public static class Percentile
{
    public static double Of(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0) throw new ArgumentException("no values", nameof(values));
        var sorted = values.Order().ToArray();
        var rank = p / 100 * (sorted.Length - 1);
        var lo = (int)Math.Floor(rank);
        var hi = (int)Math.Ceiling(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }
}
