using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Simulation.Cluster;

namespace KeepalivedSharp.Simulation.Verification;

/// <summary>
/// Issue 9's "GARP rounds match the settings", over a finished run. For every MASTER period of an
/// instance on a node (from its transition to MASTER until it leaves, stops or crashes), with
/// vrrp_garp_interval / vrrp_gna_interval 0 (every frame of a round goes at once):
/// <list type="bullet">
/// <item>every announcement falls inside a MASTER period of its instance;</item>
/// <item>at the start, garp_master_repeat rounds over the VIPs and excluded VIPs (vrrp_state_become_master);</item>
/// <item>garp_master_delay later, if still MASTER then, garp_master_repeat rounds again (vrrp_gratuitous_arp_thread);</item>
/// <item>what else goes (at any instant) is lower-priority answers (garp_lower_prio_repeat rounds, now
/// and garp_lower_prio_delay later) or refreshes (garp_master_refresh_repeat rounds): whole rounds.</item>
/// </list>
/// </summary>
public static class GarpRoundsCheck
{
    public static IEnumerable<string> Check(ClusterSimulator sim, TimeSpan end)
    {
        var problems = new List<string>();
        var announcements = sim.Events.OfType<SimulatedAnnouncement>().ToList();
        foreach (var node in sim.Nodes)
        {
            var ends = EndsOfLife(sim, node.Name);
            foreach (var s in node.Setup.Instances)
            {
                if (s.GarpInterval > TimeSpan.Zero || s.GnaInterval > TimeSpan.Zero) continue;
                int frames = s.VirtualAddresses.Length + s.ExcludedAddresses.Length;
                if (frames == 0) continue;
                var sent = announcements.Where(a => a.Node == node.Name && a.Instance == s.Name).ToList();
                var periods = MasterPeriods(sim, node.Name, s.Name, ends, end);
                foreach (var a in sent.Where(a => !periods.Exists(p => a.Time >= p.From && a.Time <= p.To)))
                    problems.Add($"t={SimulatedTransition.Seconds(a.Time)} {node.Name} {s.Name}: announcement for {a.Address} outside MASTER");
                foreach (var (from, to) in periods)
                {
                    var at = sent.Where(a => a.Time >= from && a.Time <= to).GroupBy(a => a.Time).ToDictionary(g => g.Key, g => g.Count());
                    Expect(at.GetValueOrDefault(from), s.GarpMasterRepeat * frames, from, "on becoming MASTER");
                    var delayed = from + s.GarpMasterDelay;
                    if (s.GarpMasterDelay > TimeSpan.Zero && delayed < to)
                        Expect(at.GetValueOrDefault(delayed), s.GarpMasterRepeat * frames, delayed, "garp_master_delay after becoming MASTER");
                    foreach (var (t, total) in at)
                    {
                        // The master rounds of that instant, then what lower-priority answers or refreshes add.
                        bool master = t == from || (s.GarpMasterDelay > TimeSpan.Zero && t == delayed);
                        int count = master ? total - (s.GarpMasterRepeat * frames) : total;
                        if (count <= 0) continue;
                        bool whole = IsRounds(count, s.GarpLowerPrioRepeat * frames) || IsRounds(count, s.GarpMasterRefreshRepeat * frames);
                        if (!whole)
                            problems.Add($"t={SimulatedTransition.Seconds(t)} {node.Name} {s.Name}: {count} announcement(s), not whole lower-priority ({s.GarpLowerPrioRepeat}) or refresh ({s.GarpMasterRefreshRepeat}) rounds of {frames}");
                    }

                    void Expect(int got, int want, TimeSpan t, string what)
                    {
                        if (got < want)
                            problems.Add($"t={SimulatedTransition.Seconds(t)} {node.Name} {s.Name}: {got} announcement(s) {what}, the settings say {want} (garp_master_repeat {s.GarpMasterRepeat} x {frames})");
                    }
                }
            }
        }
        return problems;
    }

    private static bool IsRounds(int count, int round) => round > 0 && count % round == 0;

    /// <summary>Crashes end a node's periods without a transition.</summary>
    private static List<TimeSpan> EndsOfLife(ClusterSimulator sim, string node)
        => [.. sim.Causes.Where(c => c.What == $"crash {node}").Select(c => c.Time)];

    private static List<(TimeSpan From, TimeSpan To)> MasterPeriods(ClusterSimulator sim, string node, string instance, List<TimeSpan> crashes, TimeSpan end)
    {
        var periods = new List<(TimeSpan, TimeSpan)>();
        TimeSpan? from = null;
        foreach (var t in sim.Transitions.Where(t => t.Node == node && t.Instance == instance))
        {
            if (from is { } open && FirstCrash(crashes, open, t.Time) is { } crash)
            {
                periods.Add((open, crash));
                from = null;
            }
            if (t.To == VrrpState.Master) from = t.Time;
            else if (t.From == VrrpState.Master && from is { } f)
            {
                periods.Add((f, t.Time));
                from = null;
            }
        }
        if (from is { } last) periods.Add((last, FirstCrash(crashes, last, end) ?? end));
        return periods;
    }

    private static TimeSpan? FirstCrash(List<TimeSpan> crashes, TimeSpan from, TimeSpan before)
    {
        TimeSpan? first = null;
        foreach (var c in crashes)
        {
            if (c >= from && c < before && (first is null || c < first)) first = c;
        }
        return first;
    }
}
