using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Timing;
using KeepalivedSharp.Core.Tracking;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Wire.Vrrp;

namespace KeepalivedSharp.Settings;

/// <summary>
/// Turns the checked config model into the engine's settings, applying keepalived's derived
/// defaults (initial state from priority, interval rounding, PASS truncation, tracker weights).
/// </summary>
public static class EngineSetupBuilder
{
    /// <param name="config">A config that passed the checker.</param>
    /// <param name="primaryAddress">The primary address of an interface for a family; used when no
    /// unicast_src_ip / mcast_src_ip is set. Returns null when the interface has none.</param>
    public static EngineSetup Build(KeepalivedConfig config, Func<string, AddressFamily, IPAddress?> primaryAddress)
    {
        var scripts = config.Scripts.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var files = config.TrackFiles.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var processes = config.TrackProcesses.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var groupOf = new Dictionary<string, SyncGroupConfig>(StringComparer.Ordinal);
        foreach (var g in config.SyncGroups)
        {
            foreach (var m in g.Members) groupOf.TryAdd(m, g);
        }

        var instances = ImmutableArray.CreateBuilder<InstanceSettings>();
        foreach (var i in config.Instances)
        {
            var trackers = ImmutableArray.CreateBuilder<TrackBinding>();
            AddTrackers(trackers, i.TrackScripts, i.TrackInterfaces, i.TrackFiles, i.TrackProcesses, scripts, files, processes);
            if (groupOf.TryGetValue(i.Name, out var group))
                AddTrackers(trackers, group.TrackScripts, group.TrackInterfaces, group.TrackFiles, group.TrackProcesses, scripts, files, processes);

            var iface = i.Interface ?? config.Global.DefaultInterface ?? "";
            bool initialMaster = i.StateConfigured ? i.InitialState == InstanceInitialState.Master : i.Priority == 255;
            var source = i.UnicastSourceIp ?? i.McastSourceIp ?? primaryAddress(iface, i.Family)
                ?? (i.Family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any);

            instances.Add(new InstanceSettings
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
                AuthType = AuthTypeOf(i),
                AuthData = AuthTypeOf(i) == VrrpAuthType.Password ? VrrpAuthData.FromPassword(i.Authentication!.Password) : VrrpAuthData.Empty,
                VirtualAddresses = [.. i.VirtualAddresses.Select(v => v.Address)],
                ExcludedAddresses = [.. i.ExcludedAddresses.Select(v => v.Address)],
                SourceAddress = source,
                UnicastPeers = i.UnicastPeers,
                // The resolver has applied the global values; strict mode forces these (vrrp.c vrrp_complete_instance).
                LowerPrioNoAdvert = i.LowerPrioNoAdvert || i.StrictMode,
                HigherPrioSendAdvert = i.HigherPrioSendAdvert && !i.StrictMode,
                GarpMasterRepeat = i.GarpMasterRepeat,
                GarpMasterDelay = i.GarpMasterDelay,
                GarpMasterRefresh = i.GarpMasterRefresh,
                GarpMasterRefreshRepeat = i.GarpMasterRefreshRepeat,
                GarpLowerPrioRepeat = LowerPrioRepeat(i, config.Global),
                GarpLowerPrioDelay = LowerPrioDelay(i, config.Global),
                GarpInterval = config.Global.VrrpGarpInterval,
                GnaInterval = config.Global.VrrpGnaInterval,
                Trackers = trackers.ToImmutable(),
                DontTrackPrimary = i.DontTrackPrimary,
                DownTimerAdverts = i.DownTimerAdverts,
            });
        }

        var groups = config.SyncGroups.Select(g => new SyncGroupSettings(g.Name, g.Members)).ToImmutableArray();
        var scriptSettings = config.Scripts
            .Select(s => new ScriptSettings(s.Name, Math.Max(1, s.Rise), Math.Max(1, s.Fall), s.InitFail))
            .ToImmutableArray();
        return new EngineSetup(instances.ToImmutable(), groups, scriptSettings);
    }

    /// <summary>
    /// keepalived 2.2.7 (vrrp.c vrrp_complete_init / vrrp_complete_instance): garp_lower_prio_repeat
    /// defaults to vrrp_garp_lower_prio_repeat, which defaults to the global vrrp_garp_master_repeat;
    /// strict mode makes it 0 even when it is set.
    /// </summary>
    public static int LowerPrioRepeat(VrrpInstanceConfig i, GlobalDefs g)
        => i.StrictMode ? 0 : i.GarpLowerPrioRepeat ?? g.VrrpGarpLowerPrioRepeat ?? g.VrrpGarpMasterRepeat;

    /// <summary>The same for garp_lower_prio_delay and the global vrrp_garp_master_delay.</summary>
    public static TimeSpan LowerPrioDelay(VrrpInstanceConfig i, GlobalDefs g)
        => i.StrictMode ? TimeSpan.Zero : i.GarpLowerPrioDelay ?? g.VrrpGarpLowerPrioDelay ?? g.VrrpGarpMasterDelay;

    private static VrrpAuthType AuthTypeOf(VrrpInstanceConfig i)
        => i.Version != 2 || i.Authentication is null || i.Authentication.Password.Length == 0
            ? VrrpAuthType.None
            : i.Authentication.Type == AuthType.Pass ? VrrpAuthType.Password : VrrpAuthType.IpAh;

    private static void AddTrackers(ImmutableArray<TrackBinding>.Builder into,
        ImmutableArray<TrackRef> scriptRefs, ImmutableArray<TrackRef> interfaceRefs,
        ImmutableArray<TrackRef> fileRefs, ImmutableArray<TrackRef> processRefs,
        Dictionary<string, VrrpScriptConfig> scripts, Dictionary<string, TrackFileConfig> files,
        Dictionary<string, TrackProcessConfig> processes)
    {
        foreach (var r in scriptRefs)
        {
            scripts.TryGetValue(r.Name, out var s);
            into.Add(Bind(TrackerKind.Script, r, s?.Weight ?? 0, s?.WeightReverse ?? false));
        }
        foreach (var r in interfaceRefs)
            into.Add(Bind(TrackerKind.Interface, r, 0, false));
        foreach (var r in fileRefs)
        {
            files.TryGetValue(r.Name, out var f);
            into.Add(Bind(TrackerKind.File, r, f?.Weight ?? 1, f?.WeightReverse ?? false));
        }
        foreach (var r in processRefs)
        {
            processes.TryGetValue(r.Name, out var p);
            into.Add(Bind(TrackerKind.Process, r, p?.Weight ?? 0, p?.WeightReverse ?? false));
        }
    }

    private static TrackBinding Bind(TrackerKind kind, TrackRef r, int objectWeight, bool objectReverse)
        => r.Weight is { } w
            ? new TrackBinding(kind, r.Name, w, r.Reverse)
            : new TrackBinding(kind, r.Name, objectWeight, r.Reverse || objectReverse);
}
