using KeepalivedSharp.Binding;
using KeepalivedSharp.Core.Vrrp;

namespace KeepalivedSharp.Simulation.Cluster;

/// <summary>A node of the simulated cluster: its engine (while running), link states and held VIPs.</summary>
public sealed class SimNode(string name, EngineSetup setup, IReadOnlyDictionary<string, TimeSpan> scriptIntervals)
{
    public string Name { get; } = name;
    public EngineSetup Setup { get; } = setup;
    public IReadOnlyDictionary<string, TimeSpan> ScriptIntervals { get; } = scriptIntervals;
    public VrrpEngine? Engine { get; set; }
    /// <summary>Bumped on every start and crash so stale events for an old incarnation are ignored.</summary>
    public int Incarnation { get; set; }
    public long TimerGeneration { get; set; }
    public HashSet<string> DownInterfaces { get; } = new(StringComparer.Ordinal);
    public HashSet<string> HeldInstances { get; } = new(StringComparer.Ordinal);
    /// <summary>Script outcomes the scenario dictates (default: success).</summary>
    public Dictionary<string, bool> ScriptOutcomes { get; } = new(StringComparer.Ordinal);
    public bool Running => Engine is not null;
}
