using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Timing;
using KeepalivedSharp.Core.Tracking;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Linux.Netlink;
using KeepalivedSharp.Wire.Vrrp;

namespace KeepalivedSharp.Settings;

/// <summary>
/// Turns the checked config model into the effective settings, applying keepalived's derived
/// defaults (initial state from priority, interval rounding, PASS truncation, tracker weights,
/// lower-priority GARPs, strict mode, VMAC names, address devices and scopes, route tables). The
/// only place they are derived: the engine, the host plan, the dumps, status and metrics read them.
/// </summary>
public static class EngineSetupBuilder
{
    /// <param name="config">A config that passed the checker.</param>
    /// <param name="primaryAddress">The primary address of an interface for a family; used when no
    /// unicast_src_ip / mcast_src_ip is set. Returns null when the interface has none.</param>
    /// <param name="disabledScripts">vrrp_scripts script security refused: keepalived removes them
    /// from every track_script, so they are neither tracked nor shown.</param>
    public static EngineSetup Build(KeepalivedConfig config, Func<string, AddressFamily, IPAddress?> primaryAddress,
        IReadOnlyCollection<string>? disabledScripts = null)
    {
        var g = config.Global;
        var disabled = disabledScripts?.ToHashSet(StringComparer.Ordinal) ?? [];
        var trackers = new TrackerBinder(config, disabled);
        var scripts = config.Scripts.Where(s => !disabled.Contains(s.Name))
            .Select(s => new EffectiveScript(new ScriptSettings(s.Name, Math.Max(1, s.Rise), Math.Max(1, s.Fall), s.InitFail)
            {
                Interval = s.Interval,
                Timeout = ScriptTimeout(s),
            }, s, s.Interval, ScriptTimeout(s)))
            .ToImmutableArray();
        var groups = config.SyncGroups
            .Select(s => new EffectiveGroup(new SyncGroupSettings(s.Name, s.Members), s, SmtpAlert(s.SmtpAlert, g),
                trackers.Bind(s.TrackScripts, s.TrackInterfaces, s.TrackFiles, s.TrackProcesses)))
            .ToImmutableArray();
        var groupOf = new Dictionary<string, EffectiveGroup>(StringComparer.Ordinal);
        foreach (var s in groups)
        {
            foreach (var m in s.Engine.Members) groupOf.TryAdd(m, s);
        }
        var vmacs = config.Instances.Select(VmacNameOf).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var instances = config.Instances
            .Select(i => Instance(i, g, primaryAddress, trackers, groupOf.GetValueOrDefault(i.Name), vmacs))
            .ToImmutableArray();
        var global = new EffectiveGlobals(g, RouterId(g), LowerPrioRepeat(g), LowerPrioDelay(g),
            [.. config.StaticAddresses.Select(a => Address(a, g.DefaultInterface))],
            [.. config.StaticRoutes.Select(r => Route(r, g.DefaultInterface))],
            [.. config.StaticRules.Select(Rule)]);
        // track_process.c: `delay` sets both; fork_delay / terminate_delay set one.
        var processes = config.TrackProcesses
            .Select(p => new ProcessSettings(p.Name)
            {
                ForkDelay = p.ForkDelay ?? p.Delay ?? TimeSpan.Zero,
                TerminateDelay = p.TerminateDelay ?? p.Delay ?? TimeSpan.Zero,
            })
            .ToImmutableArray();
        return new EngineSetup(config, global, instances, groups, scripts, processes) { Check = CheckSetupBuilder.Build(config) };
    }

    private static EffectiveInstance Instance(VrrpInstanceConfig i, GlobalDefs g, Func<string, AddressFamily, IPAddress?> primaryAddress,
        TrackerBinder trackers, EffectiveGroup? group, IReadOnlySet<string> vmacs)
    {
        var iface = i.Interface ?? g.DefaultInterface ?? "";
        bool initialMaster = i.StateConfigured ? i.InitialState == InstanceInitialState.Master : i.Priority == 255;
        var source = i.UnicastSourceIp ?? i.McastSourceIp ?? primaryAddress(iface, i.Family)
            ?? (i.Family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any);
        var authType = AuthTypeOf(i);
        var own = trackers.Bind(i.TrackScripts, i.TrackInterfaces, i.TrackFiles, i.TrackProcesses);
        var vmac = VmacNameOf(i);
        var addressInterface = vmac ?? iface;
        var vips = i.VirtualAddresses.Select(a => Address(a, addressInterface)).ToImmutableArray();
        var evips = i.ExcludedAddresses.Select(a => Address(a, addressInterface)).ToImmutableArray();
        var (extraInterval, extraAddresses) = ExtraInterfaceGarps(i, addressInterface, vips.Concat(evips), vmacs);
        var engine = new InstanceSettings
        {
            Name = i.Name,
            Interface = iface,
            VirtualRouterId = (byte)i.VirtualRouterId,
            Version = i.Version,
            Family = i.Family,
            Priority = i.Priority,
            AdvertInterval = VrrpTimers.NormalizeAdvertInterval(i.Version, i.AdvertInterval),
            InitialMaster = initialMaster,
            // keepalived clears nopreempt and preempt_delay for `state MASTER`.
            Preempt = initialMaster || !i.Nopreempt,
            PreemptDelay = initialMaster ? TimeSpan.Zero : i.PreemptDelay,
            AuthType = authType,
            AuthData = authType == VrrpAuthType.Password ? VrrpAuthData.FromPassword(i.Authentication!.Password) : VrrpAuthData.Empty,
            VirtualAddresses = [.. i.VirtualAddresses.Select(v => v.Address)],
            ExcludedAddresses = [.. i.ExcludedAddresses.Select(v => v.Address)],
            SourceAddress = source,
            UnicastPeers = i.UnicastPeers,
            UnicastTtl = i.UnicastTtl,
            ConfigFault = i.UnicastFaultNoPeer && i.UnicastPeers.IsEmpty ? "unicast without any peers (unicast_fault_no_peer)" : null,
            PeerTtlRanges = [.. i.UnicastPeerEntries.Where(p => p.HasTtlRange).Select(p => new PeerTtlRange(p.Address, p.Min, p.Max))],
            // The resolver has applied the global values; strict mode forces these (vrrp.c vrrp_complete_instance).
            LowerPrioNoAdvert = i.LowerPrioNoAdvert || i.StrictMode,
            HigherPrioSendAdvert = i.HigherPrioSendAdvert && !i.StrictMode,
            SkipCheckAdvAddr = i.SkipCheckAdvAddr,
            GarpMasterRepeat = i.GarpMasterRepeat,
            GarpMasterDelay = i.GarpMasterDelay,
            GarpMasterRefresh = i.GarpMasterRefresh,
            GarpMasterRefreshRepeat = i.GarpMasterRefreshRepeat,
            // vrrp_complete_instance: unset takes the global value; strict mode makes it 0 even when set.
            GarpLowerPrioRepeat = i.StrictMode ? 0 : i.GarpLowerPrioRepeat ?? LowerPrioRepeat(g),
            GarpLowerPrioDelay = i.StrictMode ? TimeSpan.Zero : i.GarpLowerPrioDelay ?? LowerPrioDelay(g),
            GarpInterval = g.VrrpGarpInterval,
            GnaInterval = g.VrrpGnaInterval,
            GarpExtraIfInterval = extraInterval,
            ExtraInterfaceAddresses = extraAddresses,
            Trackers = group is null ? own : own.AddRange(group.Trackers),
            DontTrackPrimary = i.DontTrackPrimary,
            DownTimerAdverts = i.DownTimerAdverts,
            NotifyDeleted = i.NotifyDeletedScript is not null,
            // vrrp.c vrrp_complete_instance: the instance's own, else its sync group's, else the global default.
            NotifyPriorityChanges = i.NotifyPriorityChanges ?? group?.Config.NotifyPriorityChanges ?? g.VrrpNotifyPriorityChanges,
        };
        var multicast = engine.IsUnicast ? null
            // vrrp_parser.c: an mcast_dst_ip of the other family is skipped, leaving the global group.
            : (i.McastDestinationIp is { } dst && dst.AddressFamily == i.Family ? dst : null)
              ?? (i.Family == AddressFamily.InterNetworkV6 ? g.VrrpMcastGroup6 : g.VrrpMcastGroup4);
        return new EffectiveInstance(engine, i, vmac, addressInterface, multicast, SmtpAlert(i.SmtpAlert, g), own, vips, evips,
            [.. i.VirtualRoutes.Select(r => Route(r, addressInterface))],
            [.. i.VirtualRules.Select(Rule)]);
    }

    /// <summary>A VMAC is made on the instance's interface (keepalived: vrrp.VRID unless named); the VIPs go on it.</summary>
    private static string? VmacNameOf(VrrpInstanceConfig i)
        => i.UseVmac && i.Interface is not null ? i.VmacName ?? $"vrrp.{i.VirtualRouterId}" : null;

    /// <summary>
    /// garp_extra_if: the interval, and the first address on each interface it refreshes
    /// (vrrp.c vrrp_send_vmac_update): VMACs of ours, every interface with `all`, and the
    /// instance's own only with vmac_xmit_base. Off (vrrp_complete_instance) unless an address is on
    /// another VMAC of ours, or on another interface with `all`.
    /// </summary>
    private static (TimeSpan Interval, ImmutableArray<IPAddress> Addresses) ExtraInterfaceGarps(VrrpInstanceConfig i, string addressInterface,
        IEnumerable<EffectiveAddress> addresses, IReadOnlySet<string> vmacs)
    {
        var e = i.GarpExtraIf;
        if (e.Interval is not (> 0 and var seconds)) return (TimeSpan.Zero, []);
        bool extraVmac = false, extraIf = false;
        var done = new HashSet<string>(StringComparer.Ordinal);
        var picked = ImmutableArray.CreateBuilder<IPAddress>();
        foreach (var a in addresses)
        {
            var dev = a.Device ?? addressInterface;
            bool ours = vmacs.Contains(dev), own = dev == addressInterface;
            if (!own)
            {
                extraVmac |= ours;
                extraIf |= !ours;
            }
            if ((!ours && !e.AllInterfaces) || (own && !i.VmacXmitBase)) continue;
            if (done.Add(dev)) picked.Add(a.Config.Address);
        }
        return extraVmac || (extraIf && e.AllInterfaces) ? (TimeSpan.FromSeconds(seconds), picked.ToImmutable()) : (TimeSpan.Zero, []);
    }

    /// <summary>
    /// keepalived 2.2.7 (vrrp.c vrrp_complete_init): vrrp_garp_lower_prio_repeat defaults to the global
    /// vrrp_garp_master_repeat, and the delay to vrrp_garp_master_delay. An instance's own garp_master_*
    /// do not enter into it.
    /// </summary>
    private static int LowerPrioRepeat(GlobalDefs g) => g.VrrpGarpLowerPrioRepeat ?? g.VrrpGarpMasterRepeat;

    private static TimeSpan LowerPrioDelay(GlobalDefs g) => g.VrrpGarpLowerPrioDelay ?? g.VrrpGarpMasterDelay;

    /// <summary>smtp_alert of an instance or sync group: its own, else smtp_alert_vrrp, else the global smtp_alert, else off.</summary>
    public static bool SmtpAlert(bool? own, GlobalDefs g) => own ?? g.SmtpAlertVrrp ?? g.SmtpAlert ?? false;

    /// <summary>router_id, or the host name as keepalived takes it (core/global_data.c).</summary>
    public static string RouterId(GlobalDefs g) => g.RouterId ?? Dns.GetHostName();

    /// <summary>keepalived's vrrp_script timeout: the script's own when above 0, else its interval (vrrp_script_thread).</summary>
    public static TimeSpan ScriptTimeout(VrrpScriptConfig s) => s.Timeout is { } t && t > TimeSpan.Zero ? t : s.Interval;

    private static VrrpAuthType AuthTypeOf(VrrpInstanceConfig i)
        => i.Version != 2 || i.Authentication is null || i.Authentication.Password.Length == 0 ? VrrpAuthType.None : i.Authentication.Type;

    private static EffectiveAddress Address(VirtualAddress a, string? device) => new(a, a.Device ?? device, IpRouteWords.Scope(a.Scope));

    /// <summary>A unicast route names a device when one is given or it has no gateway (then the address interface's).</summary>
    private static EffectiveRoute Route(VirtualRoute r, string? device)
    {
        var family = (r.Destination ?? r.Via)?.AddressFamily ?? AddressFamily.InterNetwork;
        byte type = IpRouteWords.RouteType(r.Type);
        bool onDevice = type == RtaAttr.RTN_UNICAST && (r.Device is not null || r.Via is null);
        var spec = new RouteSpec(family, r.Destination, r.PrefixLength, r.Via, 0, r.Source,
            r.Metric is { } m ? (uint)m : null, IpRouteWords.Table(r.Table), Type: type);
        return new EffectiveRoute(spec, onDevice, onDevice ? r.Device ?? device : null, r);
    }

    private static EffectiveRule Rule(VirtualRule r)
    {
        var family = (r.From ?? r.To)?.AddressFamily ?? AddressFamily.InterNetwork;
        var (mark, mask) = IpRouteWords.FwMark(r.Words.AsSpan());
        return new EffectiveRule(new RuleSpec(family, r.From, r.FromPrefixLength ?? 0, r.To, r.ToPrefixLength ?? 0,
            IpRouteWords.Table(r.Table), r.Preference is { } p ? (uint)p : null, mark, mask), r);
    }

    /// <summary>track_* references with keepalived's weights: the reference's own, else the tracked object's.</summary>
    private sealed class TrackerBinder(KeepalivedConfig config, HashSet<string> disabledScripts)
    {
        private readonly Dictionary<string, VrrpScriptConfig> _scripts = config.Scripts.ToDictionary(s => s.Name, StringComparer.Ordinal);
        private readonly Dictionary<string, TrackFileConfig> _files = config.TrackFiles.ToDictionary(f => f.Name, StringComparer.Ordinal);
        private readonly Dictionary<string, TrackProcessConfig> _processes = config.TrackProcesses.ToDictionary(p => p.Name, StringComparer.Ordinal);

        public ImmutableArray<TrackBinding> Bind(ImmutableArray<TrackRef> scriptRefs, ImmutableArray<TrackRef> interfaceRefs,
            ImmutableArray<TrackRef> fileRefs, ImmutableArray<TrackRef> processRefs)
        {
            var into = ImmutableArray.CreateBuilder<TrackBinding>();
            foreach (var r in scriptRefs.Where(r => !disabledScripts.Contains(r.Name)))
            {
                _scripts.TryGetValue(r.Name, out var s);
                into.Add(One(TrackerKind.Script, r, s?.Weight ?? 0, s?.WeightReverse ?? false));
            }
            foreach (var r in interfaceRefs)
                into.Add(One(TrackerKind.Interface, r, 0, false));
            foreach (var r in fileRefs)
            {
                _files.TryGetValue(r.Name, out var f);
                into.Add(One(TrackerKind.File, r, f?.Weight ?? 1, f?.WeightReverse ?? false));
            }
            foreach (var r in processRefs)
            {
                _processes.TryGetValue(r.Name, out var p);
                into.Add(One(TrackerKind.Process, r, p?.Weight ?? 0, p?.WeightReverse ?? false));
            }
            return into.ToImmutable();
        }

        private static TrackBinding One(TrackerKind kind, TrackRef r, int objectWeight, bool objectReverse)
            => r.Weight is { } w
                ? new TrackBinding(kind, r.Name, w, r.Reverse)
                : new TrackBinding(kind, r.Name, objectWeight, r.Reverse || objectReverse);
    }
}
