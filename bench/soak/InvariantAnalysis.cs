namespace KeepalivedSharp.Soak;

/// <summary>One broken invariant. <see cref="Class"/> is one of <see cref="InvariantAnalysis"/>'s class names.</summary>
public sealed record Violation(string Class, string Subject, int Node, double Start, double Duration, string Detail);

/// <summary>A two-holder time that a fault explains (a partition, a dead or frozen holder, an observer stall).</summary>
public sealed record Excused(string Reason, string Vip, double Start, double Duration);

/// <summary>What one fault did: the longest VIP gap and two-holder time until the next fault.</summary>
public sealed record FaultFigures(int Index, string Kind, int Node, double LongestLoss, double LongestDual);

public sealed record SoakVerdict(IReadOnlyList<Violation> Violations, IReadOnlyList<Excused> Excused, IReadOnlyList<FaultFigures> Faults);

/// <summary>
/// The soak's invariants over a timeline, with no clock and no I/O, so synthetic timelines test it:
/// after each heal exactly one master per VRID (one advert source, one VIP holder); never two VIP
/// holders for longer than one Master_Down_Interval outside a partition; no VIP lost for longer
/// than the failover bound; no MASTER that sends no adverts. Observer stalls are never judged.
/// </summary>
public static class InvariantAnalysis
{
    public const string DualHolder = "dual-holder";
    public const string StaleAfterRestart = "stale-vip-after-restart";
    public const string VipLost = "vip-lost";
    public const string HealNoMaster = "heal-no-master";
    public const string HealSplit = "heal-split-brain";
    public const string HealHolders = "heal-vip-holders";
    public const string SilentMaster = "silent-master";
    public const string SilentAfterRecreate = "silent-master-after-recreate";
    public const string Incident = "incident";

    /// <summary>
    /// Classes of defects known and not yet fixed: they are reported but do not fail the run. Empty:
    /// silent-master-after-recreate was fixed (issue 10 defect 1), so a regression fails run.sh again.
    /// </summary>
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal);

    public static SoakVerdict Analyze(SoakTimeline t, SoakBounds b)
    {
        var violations = new List<Violation>();
        var excused = new List<Excused>();
        var segments = t.Instances.ToDictionary(i => i.Vip, i => Segments(t, i.Vip));
        foreach (var inst in t.Instances)
        {
            Holders(t, b, inst, segments[inst.Vip], violations, excused);
            Silence(t, b, inst, violations);
        }
        Heals(t, b, segments, violations);
        foreach (var w in t.Incidents) violations.Add(new Violation(Incident, w.What, w.Node, w.Start, w.End - w.Start, w.What));
        return new SoakVerdict([.. violations.OrderBy(v => v.Start)], excused, Figures(t, segments));
    }

    /// <summary>A VIP's holders as a step function: each segment [Start, End) has one holder set.</summary>
    public sealed record Segment(double Start, double End, IReadOnlySet<int> Holders);

    public static IReadOnlyList<Segment> Segments(SoakTimeline t, string vip)
    {
        var latest = new Dictionary<int, bool>();
        var result = new List<Segment>();
        var samples = t.Holders.OrderBy(s => s.T).ToList();
        for (int k = 0; k < samples.Count; k++)
        {
            latest[samples[k].Node] = samples[k].Vips.Contains(vip);
            if (latest.Count < t.NodeCount) continue;
            double end = k + 1 < samples.Count ? samples[k + 1].T : t.End;
            if (end <= samples[k].T) continue;
            var set = latest.Where(p => p.Value).Select(p => p.Key).ToHashSet();
            if (result.Count > 0 && result[^1].Holders.SetEquals(set) && result[^1].End >= samples[k].T)
                result[^1] = result[^1] with { End = end };
            else
                result.Add(new Segment(samples[k].T, end, set));
        }
        return result;
    }

    private static void Holders(SoakTimeline t, SoakBounds b, SoakInstance inst, IReadOnlyList<Segment> segs, List<Violation> violations, List<Excused> excused)
    {
        var grace = b.MasterDown + b.Tolerance;
        var isolation = t.Faults.Where(f => f.What is nameof(FaultKind.Partition) or nameof(FaultKind.LinkFlap))
            .Select(f => new Window(f.Start, f.End + grace, f.Node, "partition")).ToList();
        var stalls = t.Stalls.Select(s => s with { What = "observer-stall" }).ToList();
        // Unexcused two-holder pieces, merged when they touch: (start, end, holders, a restart inside).
        var open = new List<(double S, double E, HashSet<int> H)>();
        bool everHeld = false;
        (double S, double E)? lost = null;
        void CloseLost()
        {
            if (lost is { } l && l.E - l.S > b.Failover)
                violations.Add(new Violation(VipLost, inst.Vip, -1, l.S, l.E - l.S, $"no node held {inst.Vip} for {l.E - l.S:0.00} s (bound {b.Failover:0.00} s)"));
            lost = null;
        }
        foreach (var s in segs)
        {
            if (s.Holders.Count > 0) everHeld = true;
            if (s.Holders.Count == 0 && everHeld)
            {
                foreach (var (ps, pe) in Subtract(s.Start, s.End, stalls))
                {
                    if (lost is { } l && Math.Abs(l.E - ps) < 1e-9) lost = (l.S, pe);
                    else
                    {
                        CloseLost();
                        lost = (ps, pe);
                    }
                }
                continue;
            }
            CloseLost();
            if (s.Holders.Count < 2) continue;
            // Windows that explain two holders: isolation, a holder dead or frozen, the observer behind.
            var because = new List<Window>(isolation);
            because.AddRange(stalls);
            because.AddRange(t.Down.Where(d => s.Holders.Contains(d.Node)).Select(d => d with { What = "holder-down" }));
            because.AddRange(t.Frozen.Where(d => s.Holders.Contains(d.Node)).Select(d => d with { End = d.End + grace, What = "holder-frozen" }));
            foreach (var w in because)
            {
                var (xs, xe) = (Math.Max(w.Start, s.Start), Math.Min(w.End, s.End));
                if (xe > xs) excused.Add(new Excused(w.What, inst.Vip, xs, xe - xs));
            }
            foreach (var (ps, pe) in Subtract(s.Start, s.End, because))
            {
                if (open.Count > 0 && Math.Abs(open[^1].E - ps) < 1e-9)
                {
                    var last = open[^1];
                    last.H.UnionWith(s.Holders);
                    open[^1] = (last.S, pe, last.H);
                }
                else open.Add((ps, pe, [.. s.Holders]));
            }
        }
        CloseLost();
        foreach (var (ps, pe, h) in open)
        {
            if (pe - ps <= b.MasterDown + b.Tolerance) continue;
            // Right after a restart the old VIP should go at once (keepalived: within 35 ms of start).
            var restart = t.Down.FirstOrDefault(d => h.Contains(d.Node) && d.End <= ps + 1e-9 && ps - d.End < b.Tolerance + 1);
            var cls = restart is null ? DualHolder : StaleAfterRestart;
            violations.Add(new Violation(cls, inst.Vip, restart?.Node ?? -1, ps, pe - ps,
                $"nodes {string.Join(',', h.Order())} held {inst.Vip} together for {pe - ps:0.00} s outside any partition (bound {b.MasterDown:0.00} s)"));
        }
    }

    private static void Silence(SoakTimeline t, SoakBounds b, SoakInstance inst, List<Violation> violations)
    {
        for (int node = 0; node < t.NodeCount; node++)
        {
            var states = t.States.Where(s => s.Node == node && s.Instance == inst.Name).OrderBy(s => s.T).ToList();
            var cuts = t.Down.Where(d => d.Node == node).Select(d => d.Start).ToList();
            var excuse = t.Frozen.Where(f => f.Node == node).Select(f => f with { End = f.End + b.Tolerance })
                .Concat(t.Faults.Where(f => f.Node == node && f.What == nameof(FaultKind.LinkFlap)).Select(f => f with { End = f.End + b.Tolerance }))
                .Concat(t.Stalls).ToList();
            var sent = t.Adverts.Where(a => a.Node == node && a.Vrid == inst.Vrid && a.Priority > 0).Select(a => a.T).Order().ToList();
            for (int k = 0; k < states.Count; k++)
            {
                if (states[k].State != "MASTER") continue;
                double start = states[k].T;
                double end = k + 1 < states.Count ? states[k + 1].T : t.End;
                var cut = cuts.Where(c => c >= start).DefaultIfEmpty(double.MaxValue).Min();
                end = Math.Min(end, cut);
                var marks = sent.Where(x => x >= start && x <= end).Prepend(start).Append(end).ToList();
                for (int m = 0; m + 1 < marks.Count; m++)
                {
                    foreach (var (gs, ge) in Subtract(marks[m], marks[m + 1], excuse))
                    {
                        if (ge - gs <= b.Silence) continue;
                        var recreate = RecreatedBefore(t, node, gs, b);
                        violations.Add(new Violation(recreate is null ? SilentMaster : SilentAfterRecreate, inst.Name, node, gs, ge - gs,
                            $"node {node} claimed MASTER of {inst.Name} but sent no advert for {ge - gs:0.00} s"
                            + (recreate is null ? "" : " after its interface was re-created (issue 10 defect 1)")));
                    }
                }
            }
        }
    }

    /// <summary>
    /// The latest re-creation of the node's interface before <paramref name="at"/>, unless a restart
    /// or a reload came in between (on main only those repair it: issue 10 defect 1).
    /// </summary>
    private static Window? RecreatedBefore(SoakTimeline t, int node, double at, SoakBounds b)
    {
        var recreate = t.Faults.Where(f => f.Node == node && f.What == nameof(FaultKind.Recreate) && f.Start <= at + b.Silence).MaxBy(f => f.Start);
        if (recreate is null) return null;
        bool repaired = t.Down.Any(d => d.Node == node && d.End > recreate.End && d.End < at)
            || t.Faults.Any(f => f.Node == node && (f.What is nameof(FaultKind.ReloadChanged) or nameof(FaultKind.ReloadBroken)) && f.End > recreate.End && f.End < at);
        return repaired ? null : recreate;
    }

    private static void Heals(SoakTimeline t, SoakBounds b, Dictionary<string, IReadOnlyList<Segment>> segments, List<Violation> violations)
    {
        foreach (var f in t.Faults)
        {
            double from = f.End + b.Settle, to = from + b.CheckWindow;
            if (to > t.End || t.Stalls.Any(s => s.Start < to && s.End > from)) continue;
            foreach (var inst in t.Instances)
            {
                var sources = t.Adverts.Where(a => a.Vrid == inst.Vrid && a.Priority > 0 && a.T >= from && a.T <= to).Select(a => a.Node).Distinct().Order().ToList();
                if (sources.Count == 0)
                    violations.Add(new Violation(HealNoMaster, inst.Name, f.Node, from, to - from, $"after {f.What} healed at {f.End:0.0} s, no advert for VRID {inst.Vrid}"));
                else if (sources.Count > 1)
                    violations.Add(new Violation(HealSplit, inst.Name, f.Node, from, to - from, $"after {f.What} healed at {f.End:0.0} s, VRID {inst.Vrid} adverts from nodes {string.Join(',', sources)}"));
                var at = segments[inst.Vip].LastOrDefault(s => s.Start <= to);
                if (at is not null && at.Holders.Count != 1)
                    violations.Add(new Violation(HealHolders, inst.Vip, f.Node, to, 0, $"after {f.What} healed at {f.End:0.0} s, {at.Holders.Count} nodes held {inst.Vip}"));
            }
        }
    }

    private static List<FaultFigures> Figures(SoakTimeline t, Dictionary<string, IReadOnlyList<Segment>> segments)
    {
        var list = new List<FaultFigures>();
        var faults = t.Faults.OrderBy(f => f.Start).ToList();
        for (int k = 0; k < faults.Count; k++)
        {
            double from = faults[k].Start, to = k + 1 < faults.Count ? faults[k + 1].Start : t.End;
            double loss = 0, dual = 0;
            foreach (var segs in segments.Values)
            {
                loss = Math.Max(loss, Longest(segs, from, to, s => s.Holders.Count == 0));
                dual = Math.Max(dual, Longest(segs, from, to, s => s.Holders.Count > 1));
            }
            list.Add(new FaultFigures(k, faults[k].What, faults[k].Node, loss, dual));
        }
        return list;
    }

    private static double Longest(IReadOnlyList<Segment> segs, double from, double to, Func<Segment, bool> when)
    {
        double best = 0, run = 0, last = double.NaN;
        foreach (var s in segs.Where(s => s.End > from && s.Start < to))
        {
            var (a, e) = (Math.Max(s.Start, from), Math.Min(s.End, to));
            if (!when(s))
            {
                run = 0;
                last = double.NaN;
                continue;
            }
            run = Math.Abs(last - a) < 1e-9 ? run + (e - a) : e - a;
            last = e;
            best = Math.Max(best, run);
        }
        return best;
    }

    /// <summary>[start, end) minus the union of the windows.</summary>
    public static List<(double Start, double End)> Subtract(double start, double end, IEnumerable<Window> windows)
    {
        var pieces = new List<(double, double)> { (start, end) };
        foreach (var w in windows)
        {
            var next = new List<(double, double)>();
            foreach (var (s, e) in pieces)
            {
                if (w.End <= s || w.Start >= e)
                {
                    next.Add((s, e));
                    continue;
                }
                if (w.Start > s) next.Add((s, w.Start));
                if (w.End < e) next.Add((w.End, e));
            }
            pieces = next;
        }
        return pieces;
    }
}
