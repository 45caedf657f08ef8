namespace KeepalivedSharp.Bench.Engine.Harness;

/// <summary>
/// One benchmark case's result. Rates are units per wall second: the median over the timed
/// iterations and the rate at the 90th percentile of iteration time (the slow tail).
/// </summary>
public sealed record Measurement(
    string Suite,
    string Case,
    string Unit,
    int Iterations,
    double UnitsPerIteration,
    double MedianRate,
    double P90Rate,
    double BytesPerUnit,
    int Gen0Collections)
{
    public double MedianNanosecondsPerUnit => 1e9 / MedianRate;
    public double P90NanosecondsPerUnit => 1e9 / P90Rate;

    /// <summary>Free text shown next to the figures (derived rates, what was checked).</summary>
    public string Note { get; init; } = "";
}
