using System.Collections.Immutable;
using System.Net.Sockets;
using KeepalivedSharp.Config.Binding;
using KeepalivedSharp.Config.Syntax;

namespace KeepalivedSharp.Config.Checking;

/// <summary>
/// Checks across objects (keepalived's validate_config and vrrp_complete_init): required settings, duplicate
/// VRIDs, references to undefined trackers and instances, interfaces missing on this host, script security.
/// </summary>
internal static class ConfigChecker
{
    /// <summary>Linux's loopback device: every network namespace has exactly one, named lo.</summary>
    private const string LoopbackInterface = "lo";

    public static KeepalivedConfig Check(BindContext ctx, BoundConfig b)
    {
        var g = b.Global;
        var instances = new List<VrrpInstanceConfig>(b.Instances.Count);
        var seenInstances = new HashSet<string>(b.Instances.Count, StringComparer.Ordinal);
        foreach (var bi in b.Instances)
        {
            if (!seenInstances.Add(bi.Config.Name))
                ctx.Error(bi.Node, $"vrrp_instance '{bi.Config.Name}' is defined twice");
            instances.Add(InstanceResolver.Resolve(ctx, bi, g));
        }
        g = ResolveLvsSyncDaemon(ctx, b, g);
        CheckRequired(ctx, b);
        CheckInterfaces(ctx, b);
        CheckDuplicateVrids(ctx, b, instances);
        CheckTrackRefs(ctx, b);
        var groups = CheckSyncGroups(ctx, b);
        var virtualServers = VirtualServerValidator.Validate(ctx, b);
        CheckScriptsExist(ctx, b);
        CheckScriptSecurity(ctx, b);

        var scriptNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (s, node, _) in b.Scripts)
            if (!scriptNames.Add(s.Name)) ctx.Error(node, $"vrrp_script '{s.Name}' is defined twice");
        if (b.Scripts.Count > 0)
        {
            var used = b.Instances.SelectMany(i => i.Config.TrackScripts).Concat(b.SyncGroups.SelectMany(sg => sg.Group.TrackScripts)).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var (s, node, _) in b.Scripts.Where(s => !used.Contains(s.Script.Name)))
                ctx.Warning(node, $"vrrp_script '{s.Name}' is not used");
        }

        return new KeepalivedConfig(
            g,
            [.. b.Scripts.Select(s => s.Script)],
            [.. instances],
            groups,
            [.. b.TrackFiles],
            [.. b.TrackProcesses],
            [.. b.StaticAddresses],
            [.. b.StaticRoutes],
            [.. b.StaticRules],
            virtualServers)
        {
            OtherSettings = [.. b.Other],
            VirtualServerGroups = [.. b.VirtualServerGroups.Select(g => g.Group)],
            Ssl = b.Ssl,
        };
    }

    /// <summary>
    /// lvs_sync_daemon against the instances (vrrp.c vrrp_complete_init): a vrrp_instance's deprecated
    /// lvs_sync_daemon_interface is the global one with that instance and sync id 0 (vrrp_lvs_syncd_handler);
    /// a named instance that does not exist clears it; the sync id defaults to the instance's VRID, else 0.
    /// </summary>
    private static GlobalDefs ResolveLvsSyncDaemon(BindContext ctx, BoundConfig b, GlobalDefs g)
    {
        var d = g.Lvs.SyncDaemon;
        foreach (var bi in b.Instances)
        {
            if (!bi.Lines.TryGetValue("lvs_sync_daemon_interface", out var n) || n.Arguments.Length == 0) continue;
            if (d is not null)
                ctx.Error(n, $"({bi.Config.Name}) lvs_sync_daemon_interface has already been specified as {d.Interface} - ignoring");
            else d = new LvsSyncDaemon(n.Arguments[0].Text) { Instance = bi.Config.Name, SyncId = 0, Location = n.Location };
        }
        if (d?.Instance is { } name)
        {
            if (b.Instances.FirstOrDefault(i => i.Config.Name == name) is not { } bi)
            {
                // keepalived logs it as its VRRP process starts (vrrp_complete_init); its -t neither says it nor fails.
                ctx.Diagnostics.Warning(d.Location, long.MaxValue - 1,
                    $"Unable to find vrrp instance {name} for lvs_syncd - clearing lvs_syncd config");
                d = null;
            }
            else d = d with { SyncId = d.SyncId ?? bi.Config.VirtualRouterId };
        }
        else if (d is not null) d = d with { SyncId = d.SyncId ?? 0 };
        return ReferenceEquals(d, g.Lvs.SyncDaemon) ? g : g with { Lvs = g.Lvs with { SyncDaemon = d } };
    }

    /// <summary>keepalived chk_min_cfg: a VRID, and an interface unless the instance is unicast.</summary>
    private static void CheckRequired(BindContext ctx, BoundConfig b)
    {
        foreach (var bi in b.Instances)
        {
            var c = bi.Config;
            if (!bi.Lines.ContainsKey("virtual_router_id"))
                ctx.Error(bi.Node, $"({c.Name}) the virtual router id must be set ('virtual_router_id 1..255')");
            if (c.Interface is null && c.UnicastPeers.IsEmpty)
                ctx.Error(bi.Node, $"({c.Name}) no interface: 'interface' is required unless unicast_peer is used");
            // keepalived (vrrp_int_handler) refuses an ARPHRD_LOOPBACK interface, then fails chk_min_cfg; on Linux that is lo.
            if (c.Interface == LoopbackInterface)
                ctx.Error(bi.Lines.GetValueOrDefault("interface", bi.Node), $"({c.Name}) cannot use a loopback interface ({c.Interface}) for vrrp");
        }
    }

    private static void CheckInterfaces(BindContext ctx, BoundConfig b)
    {
        var exists = ctx.Options.InterfaceExists;
        if (exists is null) return;
        foreach (var bi in b.Instances)
        {
            var c = bi.Config;
            if (c.Interface is not null && !exists(c.Interface))
                ctx.Error(bi.Lines["interface"], $"({c.Name}) interface '{c.Interface}' does not exist on this host");
            foreach (var t in c.TrackInterfaces)
                if (!exists(t.Name))
                    ctx.Diagnostics.Error(t.Location, Ordinal(bi, "track_interface"), $"({c.Name}) track_interface '{t.Name}' does not exist on this host");
            CheckDevices(ctx, bi, c.VirtualAddresses, exists);
            CheckDevices(ctx, bi, c.ExcludedAddresses, exists);
        }
    }

    private static void CheckDevices(BindContext ctx, BoundInstance bi, ImmutableArray<VirtualAddress> addresses, Func<string, bool> exists)
    {
        foreach (var v in addresses)
            if (v.Device is not null && !exists(v.Device))
                ctx.Diagnostics.Error(v.Location, Ordinal(bi, "virtual_ipaddress"), $"({bi.Config.Name}) interface '{v.Device}' of VIP {v.Address} does not exist on this host");
    }

    private static long Ordinal(BoundInstance bi, string keyword) => bi.Lines.TryGetValue(keyword, out var n) ? n.Ordinal : bi.Node.Ordinal;

    /// <summary>Two instances with one VRID on one interface and family would fight over one virtual MAC (RFC 5798 7.3).</summary>
    private static void CheckDuplicateVrids(BindContext ctx, BoundConfig b, List<VrrpInstanceConfig> resolved)
    {
        var seen = new Dictionary<(string If, int Vrid, AddressFamily Family), string>(resolved.Count);
        for (var i = 0; i < resolved.Count; i++)
        {
            var c = resolved[i];
            if (c.Interface is null || c.VirtualRouterId == 0 || !c.UnicastPeers.IsEmpty) continue;
            var key = (c.Interface, c.VirtualRouterId, c.Family);
            if (seen.TryGetValue(key, out var other))
                ctx.Error(b.Instances[i].Lines.GetValueOrDefault("virtual_router_id") ?? b.Instances[i].Node,
                    $"({c.Name}) duplicate VRID {c.VirtualRouterId} on interface {c.Interface}: also used by {other}");
            else seen[key] = c.Name;
        }
    }

    private static void CheckTrackRefs(BindContext ctx, BoundConfig b)
    {
        var scripts = b.Scripts.Select(s => s.Script.Name).ToHashSet(StringComparer.Ordinal);
        var files = b.TrackFiles.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var processes = b.TrackProcesses.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var bi in b.Instances)
        {
            var c = bi.Config;
            Report(ctx, c.TrackScripts, scripts, c.Name, false, "track_script", "vrrp_script", Ordinal(bi, "track_script"));
            Report(ctx, c.TrackFiles, files, c.Name, false, "track_file", "track_file", Ordinal(bi, "track_file"));
            Report(ctx, c.TrackProcesses, processes, c.Name, false, "track_process", "vrrp_track_process", Ordinal(bi, "track_process"));
        }
        foreach (var (sg, node) in b.SyncGroups)
        {
            Report(ctx, sg.TrackScripts, scripts, sg.Name, true, "track_script", "vrrp_script", node.Ordinal);
            Report(ctx, sg.TrackFiles, files, sg.Name, true, "track_file", "track_file", node.Ordinal);
            Report(ctx, sg.TrackProcesses, processes, sg.Name, true, "track_process", "vrrp_track_process", node.Ordinal);
        }
    }

    /// <summary>Reports each reference to an undefined tracker, from an instance or (<paramref name="group"/>) a sync group.</summary>
    private static void Report(BindContext ctx, ImmutableArray<TrackRef> refs, HashSet<string> defined, string owner, bool group, string keyword, string kind, long ordinal)
    {
        foreach (var r in refs)
            if (!defined.Contains(r.Name))
                ctx.Diagnostics.Error(r.Location, ordinal, $"{(group ? $"sync group {owner}" : $"({owner})")} {keyword} '{r.Name}' is not defined (no {kind} '{r.Name}')");
    }

    private static ImmutableArray<SyncGroupConfig> CheckSyncGroups(BindContext ctx, BoundConfig b)
    {
        if (b.SyncGroups.Count == 0) return [];
        var names = b.Instances.Select(i => i.Config.Name).ToHashSet(StringComparer.Ordinal);
        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (sg, node) in b.SyncGroups)
        {
            if (sg.Members.IsEmpty) ctx.Error(node, $"sync group {sg.Name} has no virtual router(s) ('group {{ VI_1 VI_2 }}')");
            foreach (var m in sg.Members)
            {
                if (!names.Contains(m)) ctx.Error(node, $"sync group {sg.Name}: vrrp_instance '{m}' is not defined");
                else if (owner.TryGetValue(m, out var other)) ctx.Error(node, $"sync group {sg.Name}: vrrp_instance '{m}' is already in sync group {other}");
                else owner[m] = sg.Name;
            }
        }
        return [.. b.SyncGroups.Select(s => s.Group)];
    }

    /// <summary>
    /// keepalived 2.2.7 disables a vrrp_script whose program is not there ("Disabling track script X
    /// since not found/accessible") and its -t fails; a missing notify script is not an error, nor a
    /// bash redirection like "&lt;/dev/tcp/..." (keepalived does not check those).
    /// </summary>
    private static void CheckScriptsExist(BindContext ctx, BoundConfig b)
    {
        var exists = ctx.Options.ScriptExists;
        if (exists is null) return;
        foreach (var (script, _, line) in b.Scripts)
        {
            var argv = new List<string>(4);
            if (!ScriptWords.TrySplit(script.Script, argv, out _) || argv.Count == 0 || argv[0].StartsWith('<') || exists(argv[0])) continue;
            ctx.Error(line, $"vrrp_script {script.Name}: '{argv[0]}' not found or not accessible; keepalived disables the script");
        }
    }

    /// <summary>
    /// keepalived: "SECURITY VIOLATION - scripts are being executed but script_security not enabled" when a
    /// script that exists would run (as root) without enable_script_security; its -t exits 6, its daemon runs.
    /// </summary>
    private static void CheckScriptSecurity(BindContext ctx, BoundConfig b)
    {
        var exists = ctx.Options.ScriptExists;
        if (exists is null || b.Global.EnableScriptSecurity) return;
        foreach (var (command, node) in b.ScriptCommands)
        {
            var argv = new List<string>(4);
            if (!ScriptWords.TrySplit(command, argv, out _) || argv.Count == 0) continue;
            var program = argv[0];
            if (!exists(program)) continue;
            ctx.Security(node, $"SECURITY VIOLATION - scripts are being executed but script_security not enabled ('{program}'); add 'enable_script_security' to global_defs");
            return;
        }
    }
}
