using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Simulation.Cluster;
using KeepalivedSharp.Simulation.Scenarios;

namespace KeepalivedSharp.Simulation.Verification;

/// <summary>
/// Runs a <see cref="RandomScenario"/> and checks, after the heal and the quiet period:
/// exactly one master per VRID; that master has the highest effective priority (ties: highest
/// address when they start together) unless nopreempt keeps an incumbent; VIPs held only by the master; and no state
/// change without a cause during the quiet window. Throughout the run (the simulator's host-side
/// checks): a VIP is on a machine exactly while its engine is MASTER, and outside a partition (or loss between the holders) no
/// two machines hold one VIP for longer than one Master_Down_Interval plus the link delay; and
/// GARP rounds match the settings (<see cref="GarpRoundsCheck"/>). With virtual servers: the checker invariants of
/// <see cref="CheckInvariants"/> and the simulator's table checks.
/// </summary>
public static class InvariantChecker
{
    public static IReadOnlyList<string> Check(RandomScenario random)
    {
        var problems = new List<string>();
        var (scenario, errors) = ScenarioParser.Parse(random.ScenarioText, random.ScenarioPath);
        if (scenario is null) return [.. errors.Select(e => e.ToString())];
        var (sim, diagnostics) = ScenarioRunner.Prepare(scenario, new InMemoryFiles(random.Files));
        if (sim is null) return [.. diagnostics.Select(e => e.ToString())];

        CheckInvariants.Watch(sim, scenario, problems);
        sim.RunUntil(random.CheckAt);
        int transitionsAtCheck = sim.Transitions.Count;
        CheckSteadyState(sim, random, problems, "at the check time");
        CheckInvariants.CheckSteadyState(sim, problems, "at the check time");
        sim.RunUntil(random.End);
        foreach (var t in sim.Transitions.Skip(transitionsAtCheck))
            problems.Add($"state change without a cause during the quiet window: {t.ToText()} ({t.Reason})");
        CheckSteadyState(sim, random, problems, "at the end");
        CheckInvariants.CheckSteadyState(sim, problems, "at the end");
        problems.AddRange(sim.Violations);
        problems.AddRange(GarpRoundsCheck.Check(sim, random.End));
        return problems;
    }

    private static void CheckSteadyState(ClusterSimulator sim, RandomScenario random, List<string> problems, string when)
    {
        var vrids = sim.Nodes.SelectMany(n => n.Setup.Instances.Select(i => i.VirtualRouterId)).Distinct();
        foreach (var vrid in vrids)
        {
            var members = sim.Nodes
                .Where(n => n.Running)
                .Select(n => (Node: n, Status: n.Engine!.Snapshot().Single(s => s.VirtualRouterId == vrid),
                              Settings: n.Setup.Instances.Single(i => i.VirtualRouterId == vrid)))
                .ToList();
            var masters = members.Where(m => m.Status.State == VrrpState.Master).ToList();
            if (masters.Count != 1)
            {
                problems.Add($"{when}: VRID {vrid} has {masters.Count} masters ({string.Join(' ', masters.Select(m => m.Node.Name))})");
                continue;
            }
            var master = masters[0];
            var holders = sim.Nodes.Where(n => n.HeldInstances.Contains(master.Status.Name)).Select(n => n.Name).ToList();
            if (holders.Count != 1 || holders[0] != master.Node.Name)
                problems.Add($"{when}: VRID {vrid} VIPs held by [{string.Join(' ', holders)}], master is {master.Node.Name}");

            if (random.NopreemptVrids.Contains(vrid)) continue;
            // A BACKUP accepts an equal priority (RFC 5798 §6.4.2), so among equals the incumbent stays.
            int best = members.Where(m => m.Status.State != VrrpState.Fault).Max(m => m.Status.EffectivePriority);
            if (master.Status.EffectivePriority != best)
                problems.Add($"{when}: VRID {vrid} master {master.Node.Name} has priority {master.Status.EffectivePriority}, the highest is {best}");
        }
    }
}
