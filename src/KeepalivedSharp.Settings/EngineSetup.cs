using System.Collections.Immutable;
using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Tracking;
using KeepalivedSharp.Core.Vrrp;

namespace KeepalivedSharp.Settings;

/// <summary>
/// The effective settings of one config: what a <see cref="VrrpEngine"/> is built from, and what the
/// host plan, the dumps, status and metrics render, so that each shows what runs.
/// </summary>
public sealed class EngineSetup
{
    private readonly Dictionary<string, EffectiveInstance> _byName;

    public EngineSetup(KeepalivedConfig config, EffectiveGlobals global, ImmutableArray<EffectiveInstance> instances,
        ImmutableArray<EffectiveGroup> groups, ImmutableArray<EffectiveScript> scripts, ImmutableArray<ProcessSettings> processes = default)
    {
        Processes = processes.IsDefault ? [] : processes;
        Config = config;
        Global = global;
        EffectiveInstances = instances;
        EffectiveGroups = groups;
        EffectiveScripts = scripts;
        Instances = [.. instances.Select(i => i.Engine)];
        Groups = [.. groups.Select(g => g.Engine)];
        Scripts = [.. scripts.Select(s => s.Engine)];
        _byName = instances.ToDictionary(i => i.Name, StringComparer.Ordinal);
    }

    /// <summary>The checked config these settings were derived from.</summary>
    public KeepalivedConfig Config { get; }
    public EffectiveGlobals Global { get; }
    public ImmutableArray<EffectiveInstance> EffectiveInstances { get; }
    public ImmutableArray<EffectiveGroup> EffectiveGroups { get; }
    public ImmutableArray<EffectiveScript> EffectiveScripts { get; }

    public ImmutableArray<InstanceSettings> Instances { get; }
    public ImmutableArray<SyncGroupSettings> Groups { get; }
    public ImmutableArray<ScriptSettings> Scripts { get; }
    /// <summary>The vrrp_track_process fork and terminate delays the engine applies.</summary>
    public ImmutableArray<ProcessSettings> Processes { get; }

    /// <summary>The check module's settings (virtual servers, real servers, checkers), derived once.</summary>
    public CheckSetup Check { get; init; } = CheckSetup.Empty;

    public EffectiveInstance? Instance(string name) => _byName.GetValueOrDefault(name);

    public VrrpEngine CreateEngine() => new(Instances, Groups, Scripts, Processes);
}
