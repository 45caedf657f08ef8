using KeepalivedSharp.Core.Check;
using KeepalivedSharp.Settings;
using KeepalivedSharp.Simulation.Cluster;
using KeepalivedSharp.Simulation.Scenarios;

namespace KeepalivedSharp.Simulation.Verification;

/// <summary>
/// The sweep's checker invariants that need the scenario (the simulator checks the table ones itself):
/// a failed server is out of every node's pool within the bound its delay_loop, retry, delay_before_retry
/// and connect_timeout give; after the heal every server is back; and a reload of an unchanged config
/// changes nothing.
/// </summary>
internal static class CheckInvariants
{
    /// <summary>Schedules the detection checks; call before the run.</summary>
    public static void Watch(ClusterSimulator sim, Scenario scenario, List<string> problems)
    {
        foreach (var e in scenario.Events.Where(e => e.Action == ScenarioAction.Backend))
        {
            var until = scenario.Events.FirstOrDefault(x => x.Action == ScenarioAction.Backend && x.At > e.At && x.Backend!.Equals(e.Backend))?.At ?? TimeSpan.MaxValue;
            foreach (var node in sim.Nodes)
            foreach (var vs in node.CheckSetup.VirtualServers)
            foreach (var rs in vs.RealServers)
            {
                if (rs.Checkers.Length != 1 || rs.Checkers[0] is not { Probe: CheckProbe probe } c || !probe.Target.Equals(e.Backend)) continue;
                if (!Fails(c.Kind, e)) continue;
                var bound = Bound(c, probe);
                if (e.At + bound >= until) continue;
                int incarnation = -1;
                sim.At(e.At, () => incarnation = node.Running && node.StartedAt + c.Warmup <= sim.Now ? node.Incarnation : -1);
                sim.At(e.At + bound, () =>
                {
                    if (incarnation < 0 || node.Incarnation != incarnation || node.Checks is not { } host) return;
                    if (host.IsAlive(vs.Id, rs.Endpoint))
                        problems.Add($"t={SimulatedTransition.Seconds(sim.Now)} {node.Name}: {host.RealServerText(vs.Id, rs.Endpoint)} still in {vs.Id} {SimulatedTransition.Seconds(bound)} s after 'backend {e.Backend} {e.Mode}{(e.HttpStatus is { } s ? $" {s}" : "")}' (line {e.Line})");
                });
            }
        }
    }

    /// <summary>At the check time: every server back (all backends serve again since the heal), then an unchanged reload changes nothing.</summary>
    public static void CheckSteadyState(ClusterSimulator sim, List<string> problems, string when)
    {
        foreach (var node in sim.Nodes.Where(n => n.Checks is not null))
        {
            var host = node.Checks!;
            foreach (var vs in node.CheckSetup.VirtualServers)
            foreach (var rs in vs.RealServers.Where(r => !host.IsAlive(vs.Id, r.Endpoint)))
                problems.Add($"{when}: {node.Name} {host.RealServerText(vs.Id, rs.Endpoint)} is out of {vs.Id} though its backend serves");
            int changes = sim.ReloadChecks(node);
            if (changes != 0) problems.Add($"{when}: {node.Name}: a reload of the unchanged config changed {changes} thing(s)");
        }
    }

    /// <summary>Whether the backend's new state fails this checker (a TCP or MISC checker does not see an HTTP status).</summary>
    private static bool Fails(CheckerKind kind, ScenarioEvent e) => e.Mode switch
    {
        BackendMode.Down => true,
        BackendMode.Blackhole => kind != CheckerKind.Udp,
        _ => kind is CheckerKind.Http or CheckerKind.Ssl && e.HttpStatus is { } s && s is < 200 or > 299,
    };

    /// <summary>
    /// An attempt in flight when the backend fails may still pass; the next one starts within delay_loop of its end;
    /// then retry+1 failures, each at most one attempt long, with delay_before_retry between them.
    /// </summary>
    private static TimeSpan Bound(CheckerSettings c, CheckProbe probe)
    {
        var attempt = c.Kind == CheckerKind.Misc ? probe.MiscTimeout ?? probe.ConnectTimeout : probe.ConnectTimeout;
        return SimBackends.AnswerDelay + c.DelayLoop + (c.Retry + 1) * attempt + c.Retry * c.DelayBeforeRetry + TimeSpan.FromMilliseconds(10);
    }
}
