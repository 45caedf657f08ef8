using System.Diagnostics;

namespace KeepalivedSharp.Bench.Engine.Harness;

/// <summary>
/// A Stopwatch harness: warm-up until the tiered JIT has settled (the speed stops changing), then
/// timed iterations with a full GC in between (outside the timing); allocation measured with
/// GC.GetAllocatedBytesForCurrentThread.
/// </summary>
public sealed class Runner(BenchOptions options)
{
    private const int MinWarmUpCalls = 200;
    private const double StableWithin = 0.05;
    private static readonly TimeSpan WarmUpCall = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(50);

    public BenchOptions Options { get; } = options;

    /// <summary>
    /// A micro benchmark: <paramref name="body"/> performs the given number of operations. The
    /// operation count per iteration is calibrated after warm-up to last about IterationTarget.
    /// </summary>
    public Measurement Ops(string suite, string name, string unit, Action<long> body)
    {
        // Short calls first (about 1 ms each): the tiered JIT promotes a method after 30 calls, so
        // the body's own loop must be entered many times, not only its callees.
        long ops = 16;
        int calls = 0;
        var warm = Stopwatch.StartNew();
        while (calls < MinWarmUpCalls || warm.Elapsed < Options.WarmUp / 2)
        {
            var t = Stopwatch.GetTimestamp();
            body(ops);
            calls++;
            if (Stopwatch.GetElapsedTime(t) < WarmUpCall) ops *= 2;
        }

        // Then windows of about 50 ms until three in a row agree (tier-1 code in place), bounded; at
        // least one, for a body whose smallest call outlasted the warm-up.
        long windowOps = Math.Max(1, (long)(ops * (Window / WarmUpCall)));
        var rates = new List<double>();
        while (rates.Count == 0 || warm.Elapsed < Options.WarmUp * 4)
        {
            var s = Sample.Take(() => body(windowOps));
            rates.Add(windowOps / Math.Max(s.CpuSeconds, 1e-6));
            if (rates.Count >= 3 && warm.Elapsed >= Options.WarmUp && Spread(rates.TakeLast(3)) < StableWithin) break;
        }

        double rate = rates[^1];
        long iterationOps = Math.Max(1, (long)(rate * Options.IterationTarget.TotalSeconds));
        var samples = new List<Sample>(Options.Iterations);
        for (int k = 0; k < Options.Iterations; k++)
            samples.Add(Timed(() => body(iterationOps)));
        return Summarise(suite, name, unit, iterationOps, samples);
    }

    /// <summary>
    /// A macro benchmark: <paramref name="prepare"/> builds a fresh run (not timed) and says how many
    /// units it will do; only the run is timed. The first runs are warm-up.
    /// </summary>
    public Measurement Runs(string suite, string name, string unit, Func<(Action Run, double Units)> prepare)
    {
        var warm = Stopwatch.StartNew();
        int warmRuns = 0;
        while (warmRuns < 3 || warm.Elapsed < Options.WarmUp)
        {
            prepare().Run();
            warmRuns++;
        }

        var samples = new List<Sample>(Options.Iterations);
        double units = 0;
        for (int k = 0; k < Options.Iterations; k++)
        {
            var (run, u) = prepare();
            units = u;
            samples.Add(Timed(run));
        }
        return Summarise(suite, name, unit, units, samples);
    }

    private static Sample Timed(Action run)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return Sample.Take(run);
    }

    private static double Spread(IEnumerable<double> values)
    {
        var v = values.ToArray();
        return (v.Max() - v.Min()) / v.Max();
    }

    private static Measurement Summarise(string suite, string name, string unit, double units, List<Sample> samples)
    {
        double Rate(Func<Sample, double> seconds, double p) => units / Percentile.Of([.. samples.Select(seconds)], p);
        double bytes = samples.Sum(s => (double)s.Bytes) / (units * samples.Count);
        return new Measurement(suite, name, unit, samples.Count, units,
            Rate(s => s.WallSeconds, 50), Rate(s => s.WallSeconds, 90), Rate(s => s.CpuSeconds, 50), Rate(s => s.CpuSeconds, 90),
            bytes, samples.Sum(s => s.Gen0));
    }
}
