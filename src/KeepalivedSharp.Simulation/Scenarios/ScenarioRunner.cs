using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Settings;
using KeepalivedSharp.Config;
using KeepalivedSharp.Simulation.Cluster;

namespace KeepalivedSharp.Simulation.Scenarios;

/// <summary>The outcome of a scenario run.</summary>
public sealed record ScenarioResult(
    ImmutableArray<SimulatedTransition> Transitions,
    ImmutableArray<VipHolding> FinalHolders,
    ImmutableArray<Diagnostic> Diagnostics,
    long AdvertsSent,
    ImmutableArray<SimulatedEvent> Events = default)
{
    /// <summary>State changes and host events (announcements, notify scripts) merged in time order, as printed.</summary>
    public IEnumerable<(TimeSpan Time, string Text, string Json)> Timeline()
        => Transitions.Select(t => (t.Time, t.ToText(), t.ToJson()))
            .Concat((Events.IsDefault ? [] : Events).Select(e => (e.Time, e.ToText(), e.ToJson())))
            .OrderBy(x => x.Time);
}

/// <summary>Loads each node's real keepalived.conf and runs a scenario on a <see cref="ClusterSimulator"/>.</summary>
public static class ScenarioRunner
{
    /// <summary>Builds the simulator for a scenario, or returns the config diagnostics that stop it.</summary>
    public static (ClusterSimulator? Simulator, ImmutableArray<Diagnostic> Diagnostics) Prepare(Scenario scenario, IConfigFileSystem? fileSystem = null)
    {
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        var sim = new ClusterSimulator(scenario.Seed);
        int index = 0;
        foreach (var n in scenario.Nodes)
        {
            index++;
            var loaded = ConfigLoader.Load(n.ConfigPath, new ConfigOptions { ConfigId = n.ConfigId ?? n.Name, FileSystem = fileSystem ?? PhysicalConfigFileSystem.Instance });
            diagnostics.AddRange(loaded.Diagnostics);
            if (loaded.Config is null) continue;
            int host = index;
            var setup = EngineSetupBuilder.Build(loaded.Config, (_, family) => SyntheticAddress(family, host));
            var network = new SimHostNetwork(Interfaces(loaded.Config), host, family => SyntheticAddress(family, host));
            sim.AddNode(new SimNode(n.Name, loaded.Config, setup, network)
            {
                CheckSetup = CheckSetupBuilder.Build(loaded.Config),
                CheckSeed = unchecked((ulong)scenario.Seed * 1_000_003UL + (ulong)host),
            });
        }
        if (diagnostics.Any(d => d.Severity == Severity.Error)) return (null, diagnostics.ToImmutable());

        foreach (var l in scenario.Links) sim.SetLink(l.A, l.B, l.Delay, l.Loss);

        // A node starts at 0 unless its first event is a start.
        foreach (var n in scenario.Nodes)
        {
            var first = scenario.Events.FirstOrDefault(e => e.Node == n.Name && e.Action is ScenarioAction.Start or ScenarioAction.Crash or ScenarioAction.Stop);
            if (first is null || first.Action != ScenarioAction.Start)
            {
                var node = sim.Node(n.Name);
                sim.At(TimeSpan.Zero, () => sim.Start(node));
            }
        }
        foreach (var e in scenario.Events) sim.At(e.At, () => Apply(sim, e));
        return (sim, diagnostics.ToImmutable());
    }

    public static ScenarioResult Run(Scenario scenario, IConfigFileSystem? fileSystem = null)
    {
        var (sim, diagnostics) = Prepare(scenario, fileSystem);
        if (sim is null) return new ScenarioResult([], [], diagnostics, 0, []);
        sim.RunUntil(scenario.RunUntil);
        return new ScenarioResult([.. sim.Transitions], sim.Holdings(), diagnostics, sim.AdvertsSent, [.. sim.Events]);
    }

    /// <summary>Every interface a config names: the simulated machine has each of them.</summary>
    private static IEnumerable<string> Interfaces(KeepalivedConfig config)
        => config.Instances.Select(i => i.Interface ?? config.Global.DefaultInterface ?? "eth0")
            .Concat(config.Instances.SelectMany(i => i.TrackInterfaces.Select(t => t.Name)))
            .Concat(config.SyncGroups.SelectMany(g => g.TrackInterfaces.Select(t => t.Name)))
            .Concat(config.Instances.SelectMany(i => i.VirtualAddresses.Concat(i.ExcludedAddresses)).Select(v => v.Device).OfType<string>())
            .Concat(config.Instances.SelectMany(i => i.VirtualRoutes).Select(r => r.Device).OfType<string>())
            .Concat(config.StaticAddresses.Select(a => a.Device).OfType<string>())
            .Concat(config.Global.DefaultInterface is { } d ? [d] : []);

    /// <summary>Nodes without a configured source get 10.0.0.N / fd00::N, N being their position in the scenario.</summary>
    public static IPAddress SyntheticAddress(AddressFamily family, int host)
        => family == AddressFamily.InterNetworkV6
            ? IPAddress.Parse($"fd00::{host:x}")
            : new IPAddress([10, 0, (byte)(host >> 8), (byte)host]);

    private static void Apply(ClusterSimulator sim, ScenarioEvent e)
    {
        var node = e.Node is null ? null : sim.Node(e.Node);
        switch (e.Action)
        {
            case ScenarioAction.Crash: sim.Crash(node!); break;
            case ScenarioAction.Start: sim.Start(node!); break;
            case ScenarioAction.Stop: sim.Stop(node!); break;
            case ScenarioAction.Script: sim.SetScriptOutcome(node!, e.Name!, e.Ok, e.Hang); break;
            case ScenarioAction.Process: sim.SetProcess(node!, e.Name!, e.Ok); break;
            case ScenarioAction.File: sim.SetFile(node!, e.Name!, e.Value); break;
            case ScenarioAction.LinkDown: sim.SetLinkState(node!, e.Name!, false); break;
            case ScenarioAction.LinkUp: sim.SetLinkState(node!, e.Name!, true); break;
            case ScenarioAction.Partition: sim.Partition(e.Sides.Select(s => (IEnumerable<string>)s)); break;
            case ScenarioAction.Heal: sim.Heal(); break;
            case ScenarioAction.Link: sim.SetLink(e.Node!, e.Name!, e.Delay, e.Loss); break;
            case ScenarioAction.Backend: sim.SetBackend(e.Backend!, e.Mode, e.HttpStatus); break;
        }
    }
}
