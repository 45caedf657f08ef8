namespace KeepalivedSharp.Bench.Engine.Harness;

/// <summary>How long to warm up, how many timed iterations, and how long one micro iteration should take.</summary>
public sealed record BenchOptions(TimeSpan WarmUp, int Iterations, TimeSpan IterationTarget)
{
    public static BenchOptions Default => new(TimeSpan.FromSeconds(1), 15, TimeSpan.FromMilliseconds(100));

    /// <summary>For a smoke run (run.sh --quick): numbers are rough.</summary>
    public static BenchOptions Quick => new(TimeSpan.FromMilliseconds(200), 5, TimeSpan.FromMilliseconds(30));
}
