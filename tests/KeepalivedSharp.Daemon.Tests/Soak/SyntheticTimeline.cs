using KeepalivedSharp.Soak;

namespace KeepalivedSharp.Daemon.Tests.Soak;

/// <summary>
/// Builds soak timelines by hand: one VIP (VI_1, VRID 51), three nodes, holder samples every
/// 0.2 s and adverts every second from whoever the script says is master.
/// </summary>
internal sealed class SyntheticTimeline
{
    public static readonly SoakBounds Bounds = SoakBounds.For(1, 30);
    public const string Vip = "10.78.0.100";

    public SoakTimeline Timeline { get; }

    public SyntheticTimeline(double end, Func<double, int, bool> holds, Func<double, int, bool> sends)
    {
        Timeline = new SoakTimeline { Instances = [new SoakInstance("VI_1", 51, Vip)], NodeCount = 3, End = end };
        for (int step = 0; step * 0.2 < end; step++)
        {
            double t = Math.Round(step * 0.2, 3);
            for (int n = 0; n < 3; n++)
                Timeline.Holders.Add(new HolderSample(t + n * 0.01, n, holds(t, n) ? new HashSet<string> { Vip } : []));
        }
        for (int s = 0; s < end; s++)
            for (int n = 0; n < 3; n++)
                if (sends(s, n)) Timeline.Adverts.Add(new AdvertSeen(s + 0.05 * n, n, 51, 100));
    }

    public SoakVerdict Analyze() => InvariantAnalysis.Analyze(Timeline, Bounds);

    public SyntheticTimeline Fault(FaultKind kind, int node, double start, double end)
    {
        Timeline.Faults.Add(new Window(start, end, node, kind.ToString()));
        return this;
    }

    public SyntheticTimeline State(double t, int node, string state)
    {
        Timeline.States.Add(new StateSeen(t, node, "VI_1", state));
        return this;
    }
}
