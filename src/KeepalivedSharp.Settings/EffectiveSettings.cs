using System.Collections.Immutable;
using System.Net;
using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Tracking;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Linux.Netlink;

namespace KeepalivedSharp.Settings;

/// <summary>
/// One vrrp_instance as it runs: the engine's settings plus what the host and the dumps need, every
/// default derived once by <see cref="EngineSetupBuilder"/>. <see cref="Config"/> is the checked
/// config, for facts printed as written (notify scripts, accept, route words).
/// </summary>
public sealed record EffectiveInstance(
    InstanceSettings Engine,
    VrrpInstanceConfig Config,
    string? VmacName,
    string AddressInterface,
    IPAddress? MulticastGroup,
    bool SmtpAlert,
    ImmutableArray<TrackBinding> OwnTrackers,
    ImmutableArray<EffectiveAddress> VirtualAddresses,
    ImmutableArray<EffectiveAddress> ExcludedAddresses,
    ImmutableArray<EffectiveRoute> Routes,
    ImmutableArray<EffectiveRule> Rules)
{
    public string Name => Engine.Name;

    /// <summary>
    /// Whether traffic to its addresses is dropped while they are on the host: no accept mode
    /// (no_accept, or strict mode without accept), unless the address owner (vrrp.c vrrp_handle_accept_mode).
    /// </summary>
    public bool DropsAddressTraffic => !Config.Accept && !Engine.IsOwner;
}

/// <summary>An address with its device and scope resolved (dev: the instance's address interface unless given).</summary>
public sealed record EffectiveAddress(VirtualAddress Config, string? Device, byte Scope);

/// <summary>
/// A route as netlink carries it (table, type and metric as numbers; <see cref="RouteSpec.InterfaceIndex"/> left 0).
/// <see cref="OnDevice"/>: the route names an output interface, <see cref="Device"/> (null: none could be derived).
/// </summary>
public sealed record EffectiveRoute(RouteSpec Spec, bool OnDevice, string? Device, VirtualRoute Config);

/// <summary>A rule as netlink carries it (table, fwmark and mask as numbers).</summary>
public sealed record EffectiveRule(RuleSpec Spec, VirtualRule Config);

/// <summary>A vrrp_sync_group: the engine's members, its own trackers (weights resolved) and smtp_alert.</summary>
public sealed record EffectiveGroup(SyncGroupSettings Engine, SyncGroupConfig Config, bool SmtpAlert, ImmutableArray<TrackBinding> Trackers)
{
    public string Name => Engine.Name;
}

/// <summary>A vrrp_script: the engine's rise/fall, the run interval and the timeout the tracker applies.</summary>
public sealed record EffectiveScript(ScriptSettings Engine, VrrpScriptConfig Config, TimeSpan Interval, TimeSpan Timeout)
{
    public string Name => Engine.Name;
}

/// <summary>global_defs values keepalived derives (vrrp_complete_init), and the static addresses, routes and rules.</summary>
public sealed record EffectiveGlobals(
    GlobalDefs Config,
    string RouterId,
    int GarpLowerPrioRepeat,
    TimeSpan GarpLowerPrioDelay,
    ImmutableArray<EffectiveAddress> StaticAddresses,
    ImmutableArray<EffectiveRoute> StaticRoutes,
    ImmutableArray<EffectiveRule> StaticRules);
