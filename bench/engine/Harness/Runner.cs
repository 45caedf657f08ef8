using System.Diagnostics;

namespace KeepalivedSharp.Bench.Engine.Harness;

/// <summary>
/// A Stopwatch harness: warm-up until tiered JIT has settled, then timed iterations with a GC in
/// between (outside the timing), allocation measured with GC.GetAllocatedBytesForCurrentThread.
/// </summary>
public sealed class Runner(BenchOptions options)
{
    public BenchOptions Options { get; } = options;

    /// <summary>
    /// A micro benchmark: <paramref name="body"/> performs the given number of operations. The
    /// operation count per iteration is calibrated during warm-up to last about IterationTarget.
    /// </summary>
    public Measurement Ops(string suite, string name, string unit, Action<long> body)
    {
        long ops = 256;
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed < Options.WarmUp)
        {
            var t = Stopwatch.GetTimestamp();
            body(ops);
            var took = Stopwatch.GetElapsedTime(t);
            if (took < Options.IterationTarget / 4) ops *= 2;
            else ops = Math.Max(1, (long)(ops * (Options.IterationTarget / took)));
        }

        var samples = new List<(double Seconds, long Bytes)>(Options.Iterations);
        int gen0 = 0;
        for (int k = 0; k < Options.Iterations; k++)
            samples.Add(TimeOnce(() => body(ops), ref gen0));
        return Summarise(suite, name, unit, ops, samples, gen0);
    }

    /// <summary>
    /// A macro benchmark: <paramref name="prepare"/> builds a fresh run (not timed) and says how many
    /// units it will do; only the run is timed. The first runs are warm-up.
    /// </summary>
    public Measurement Runs(string suite, string name, string unit, Func<(Action Run, double Units)> prepare)
    {
        var warm = Stopwatch.StartNew();
        int warmRuns = 0;
        while (warmRuns < 2 || warm.Elapsed < Options.WarmUp)
        {
            prepare().Run();
            warmRuns++;
        }

        var samples = new List<(double Seconds, long Bytes)>(Options.Iterations);
        double units = 0;
        int gen0 = 0;
        for (int k = 0; k < Options.Iterations; k++)
        {
            var (run, u) = prepare();
            units = u;
            samples.Add(TimeOnce(run, ref gen0));
        }
        return Summarise(suite, name, unit, units, samples, gen0);
    }

    private static (double Seconds, long Bytes) TimeOnce(Action run, ref int gen0)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        int g0 = GC.CollectionCount(0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        run();
        long end = Stopwatch.GetTimestamp();
        long after = GC.GetAllocatedBytesForCurrentThread();
        gen0 += GC.CollectionCount(0) - g0;
        return ((end - start) / (double)Stopwatch.Frequency, after - before);
    }

    private static Measurement Summarise(string suite, string name, string unit, double units, List<(double Seconds, long Bytes)> samples, int gen0)
    {
        var seconds = samples.Select(s => s.Seconds).ToArray();
        double median = Percentile.Of(seconds, 50);
        double p90 = Percentile.Of(seconds, 90);
        double bytes = samples.Sum(s => (double)s.Bytes) / (units * samples.Count);
        return new Measurement(suite, name, unit, samples.Count, units, units / median, units / p90, bytes, gen0);
    }
}
