using System.Collections.Immutable;
using KeepalivedSharp.Core.Tracking;
using KeepalivedSharp.Core.Vrrp;

namespace KeepalivedSharp.Settings;

/// <summary>Everything a <see cref="VrrpEngine"/> is built from.</summary>
public sealed record EngineSetup(
    ImmutableArray<InstanceSettings> Instances,
    ImmutableArray<SyncGroupSettings> Groups,
    ImmutableArray<ScriptSettings> Scripts)
{
    public VrrpEngine CreateEngine() => new(Instances, Groups, Scripts);
}
