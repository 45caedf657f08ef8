namespace KeepalivedSharp.Bench.Engine.Harness;

/// <summary>
/// One benchmark case's result. Rates are units per second of wall time and of process CPU time:
/// the median over the timed iterations and the rate at the 90th percentile of iteration time
/// (the slow tail). On a shared machine the CPU-time rate is the machine-independent figure.
/// </summary>
public sealed record Measurement(
    string Suite,
    string Case,
    string Unit,
    int Iterations,
    double UnitsPerIteration,
    double MedianRate,
    double P90Rate,
    double MedianCpuRate,
    double P90CpuRate,
    double BytesPerUnit,
    int Gen0Collections)
{
    public double MedianNanosecondsPerUnit => 1e9 / MedianRate;
    public double MedianCpuNanosecondsPerUnit => 1e9 / MedianCpuRate;

    /// <summary>Free text shown next to the figures (derived rates, what was checked).</summary>
    public string Note { get; init; } = "";
}
