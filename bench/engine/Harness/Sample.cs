using System.Diagnostics;

namespace KeepalivedSharp.Bench.Engine.Harness;

/// <summary>
/// One timed run: wall time, process CPU time (getrusage through Environment.CpuUsage, so time the
/// process spent descheduled by other load does not count) and bytes allocated by this thread.
/// </summary>
public readonly record struct Sample(double WallSeconds, double CpuSeconds, long Bytes, int Gen0)
{
    public static Sample Take(Action run)
    {
        int g0 = GC.CollectionCount(0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var cpu = Environment.CpuUsage.TotalTime;
        long start = Stopwatch.GetTimestamp();
        run();
        long end = Stopwatch.GetTimestamp();
        var cpuEnd = Environment.CpuUsage.TotalTime;
        long after = GC.GetAllocatedBytesForCurrentThread();
        return new((end - start) / (double)Stopwatch.Frequency, (cpuEnd - cpu).TotalSeconds, after - before, GC.CollectionCount(0) - g0);
    }
}
