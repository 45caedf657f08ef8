using KeepalivedSharp.Bench.Engine.Harness;
using KeepalivedSharp.Simulation.Cluster;
using KeepalivedSharp.Simulation.Scenarios;
using KeepalivedSharp.Simulation.Verification;

namespace KeepalivedSharp.Bench.Engine.Simulation;

/// <summary>
/// (d) The simulator: virtual seconds per wall second for 100 instances on 3 nodes, with a crash
/// and a restart, through ScenarioRunner.Prepare (config load, not timed) and ClusterSimulator.RunUntil (timed).
/// </summary>
public static class SimulatorBench
{
    public const string Suite = "simulator";
    private const int Nodes = 3;
    private const int Instances = 100;

    public static IEnumerable<CaseResult> Run(Runner runner, bool quick)
    {
        yield return Measure(runner, "3 nodes x 100 instances, v2 advert_int 1, crash + restart",
            ClusterConfigs.Generate(Nodes, Instances, 2, 1, TimeSpan.FromSeconds(quick ? 60 : 300)));
        yield return Measure(runner, "3 nodes x 100 instances, v3 advert_int 0.1, crash + restart",
            ClusterConfigs.Generate(Nodes, Instances, 3, 0.1, TimeSpan.FromSeconds(quick ? 12 : 60)));
    }

    private static CaseResult Measure(Runner runner, string name, ClusterConfigs cluster)
    {
        var files = new InMemoryFiles(cluster.Files);
        var (scenario, errors) = ScenarioParser.Parse(cluster.ScenarioText, ClusterConfigs.ScenarioPath);
        if (scenario is null) throw new InvalidOperationException(string.Join('\n', errors));

        ClusterSimulator Prepare()
        {
            var (sim, diagnostics) = ScenarioRunner.Prepare(scenario, files);
            return sim ?? throw new InvalidOperationException(string.Join('\n', diagnostics));
        }

        var check = Prepare();
        var actions = new Dictionary<string, long>(StringComparer.Ordinal);
        check.Observer = (_, a) => actions[a.GetType().Name] = actions.GetValueOrDefault(a.GetType().Name) + 1;
        check.RunUntil(scenario.RunUntil);
        var (delivered, transitions) = Verify(name, check);

        var m = runner.Runs(Suite, name, "virtual s", () =>
        {
            var sim = Prepare();
            return (() => sim.RunUntil(scenario.RunUntil), scenario.RunUntil.TotalSeconds);
        });
        var loads = Enumerable.Range(0, 5).Select(_ => Sample.Take(() => Prepare()).CpuSeconds * 1e3).ToArray();
        double perVirtualSecond = delivered / scenario.RunUntil.TotalSeconds;
        string note = $"{perVirtualSecond:0} adverts delivered per virtual s, so {perVirtualSecond * m.MedianCpuRate:0} adverts delivered per CPU s; "
            + $"{transitions} transitions; engine actions per virtual s: {string.Join(", ", actions.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {kv.Value / scenario.RunUntil.TotalSeconds:0.#}"))}; loading the {Nodes} configs of {Instances} instances (not timed) takes {Percentile.Of(loads, 50):0.0} ms CPU";

        void Work(long virtualSeconds)
        {
            for (double done = 0; done < virtualSeconds; done += scenario.RunUntil.TotalSeconds)
                Prepare().RunUntil(scenario.RunUntil);
        }
        return new(m with { Note = note }, Work);
    }

    /// <summary>Checks the run ended with each VRID held once, by its highest priority node (n1 restarted and preempted back).</summary>
    private static (long Delivered, int Transitions) Verify(string name, ClusterSimulator sim)
    {
        foreach (var h in sim.Holdings())
        {
            string expected = $"n{ClusterConfigs.ExpectedMaster(h.VirtualRouterId, Nodes)}";
            if (h.Holders.Length != 1 || h.Holders[0] != expected)
                throw new InvalidOperationException($"{name}: VRID {h.VirtualRouterId} held by [{string.Join(' ', h.Holders)}], expected {expected}");
        }
        if (!sim.Transitions.Any(t => t.Node != "n1" && t.To == Core.Vrrp.VrrpState.Master && t.Time > TimeSpan.Zero))
            throw new InvalidOperationException($"{name}: nobody took over after the crash");
        return (sim.AdvertsDelivered, sim.Transitions.Count);
    }
}
