using System.Collections.Immutable;
using System.Net.Sockets;
using KeepalivedSharp.Config.Schema;
using KeepalivedSharp.Config.Syntax;
using KeepalivedSharp.Wire.Vrrp;

namespace KeepalivedSharp.Config.Binding;

/// <summary>An instance as written, with the lines the checker needs to point at.</summary>
internal sealed record BoundInstance(VrrpInstanceConfig Config, SyntaxNode Node, IReadOnlyDictionary<string, SyntaxNode> Lines, bool PriorityConfigured, int? VersionConfigured, bool? StrictConfigured, bool? AcceptConfigured);

/// <summary><c>vrrp_instance</c>: one typed field per keyword; defaults resolved later against global_defs.</summary>
internal static class InstanceBinder
{
    public static BoundInstance? Bind(BindContext ctx, SyntaxNode node)
    {
        var name = ctx.Name(node);
        var c = new VrrpInstanceBuilder();
        var lines = new Dictionary<string, SyntaxNode>(node.Block?.Count ?? 0, StringComparer.Ordinal);
        bool priorityConfigured = false;
        int? version = null;
        bool? strict = null, accept = null;
        foreach (var (n, _) in ctx.Known(node.Block!, Keywords.VrrpInstance))
        {
            lines[n.Keyword] = n;
            switch (n.Keyword)
            {
                case "state":
                    var st = Values.Arg(ctx, n, 0, "MASTER or BACKUP");
                    if (st is "MASTER" or "BACKUP")
                    {
                        c.InitialState = st == "MASTER" ? InstanceInitialState.Master : InstanceInitialState.Backup;
                        c.StateConfigured = true;
                    }
                    else if (st is not null) ctx.Error(n, $"unknown state '{st}' (MASTER or BACKUP)");
                    break;
                case "interface": c.Interface = Values.Arg(ctx, n, 0, "an interface name"); break;
                case "virtual_router_id":
                    if (Values.Int(ctx, n, 1, 255, out var vrid)) c.VirtualRouterId = vrid;
                    break;
                case "priority":
                    if (Values.Int(ctx, n, 1, 255, out var prio))
                    {
                        c.Priority = prio;
                        priorityConfigured = true;
                    }
                    break;
                case "advert_int":
                    if (Values.Seconds(ctx, n, 0.01m, 255, out var adv)) c.AdvertInterval = adv;
                    break;
                case "version":
                    if (Values.Int(ctx, n, 2, 3, out var ver)) version = ver;
                    break;
                case "nopreempt": c.Nopreempt = true; break;
                case "preempt": c.Nopreempt = false; break;
                case "preempt_delay":
                    if (Values.Seconds(ctx, n, 0, 1000, out var pd)) c.PreemptDelay = pd;
                    break;
                case "authentication": c.Authentication = Authentication(ctx, n); break;
                case "virtual_ipaddress":
                    foreach (var item in BindContext.Items(n))
                        if (AddressBinder.Address(ctx, item, false) is { } a) c.VirtualAddresses.Add(a);
                    break;
                case "virtual_ipaddress_excluded":
                    foreach (var item in BindContext.Items(n))
                        if (AddressBinder.Address(ctx, item, false) is { } a) c.ExcludedAddresses.Add(a);
                    break;
                case "virtual_routes":
                    c.VirtualRoutes = [.. c.VirtualRoutes, .. BindContext.Items(n).Select(i => AddressBinder.Route(ctx, i)).OfType<VirtualRoute>()];
                    break;
                case "virtual_rules":
                    c.VirtualRules = [.. c.VirtualRules, .. BindContext.Items(n).Select(i => AddressBinder.Rule(ctx, i)).OfType<VirtualRule>()];
                    break;
                case "unicast_src_ip": c.UnicastSourceIp = Values.Address(ctx, n); break;
                case "mcast_src_ip": c.McastSourceIp = Values.Address(ctx, n); break;
                case "mcast_dst_ip":
                    // vrrp_parser.c vrrp_mcast_dstip_handler: IPv4 multicast, or IPv6 link-local multicast (ff02::/16).
                    if (Values.Address(ctx, n) is not { } dst) break;
                    bool v6 = dst.AddressFamily == AddressFamily.InterNetworkV6;
                    byte[] b = dst.GetAddressBytes();
                    if (v6 ? b[0] == 0xff && (b[1] & 0x0f) == 2 : (b[0] & 0xf0) == 0xe0) c.McastDestinationIp = dst;
                    else ctx.Error(n, $"({name}) mcast_dst_ip {dst} not{(v6 ? " link-local" : "")} multicast. Skipping...");
                    break;
                case "unicast_peer":
                    var peers = Peers(ctx, n, name);
                    c.UnicastPeerEntries = [.. c.UnicastPeerEntries, .. peers];
                    c.UnicastPeers = [.. c.UnicastPeers, .. peers.Select(p => p.Address)];
                    break;
                case "track_script": c.TrackScripts = [.. c.TrackScripts, .. TrackerBinder.Refs(ctx, n, 253)]; break;
                case "track_interface": c.TrackInterfaces = [.. c.TrackInterfaces, .. TrackerBinder.Refs(ctx, n, 254)]; break;
                case "track_file": c.TrackFiles = [.. c.TrackFiles, .. TrackerBinder.Refs(ctx, n, 254)]; break;
                case "track_process": c.TrackProcesses = [.. c.TrackProcesses, .. TrackerBinder.Refs(ctx, n, 254)]; break;
                case "dont_track_primary": c.DontTrackPrimary = true; break;
                case "notify_master": c.NotifyMaster = ctx.NotifyScript(n, c.NotifyMaster); break;
                case "notify_backup": c.NotifyBackup = ctx.NotifyScript(n, c.NotifyBackup); break;
                case "notify_fault": c.NotifyFault = ctx.NotifyScript(n, c.NotifyFault); break;
                case "notify_stop": c.NotifyStop = ctx.NotifyScript(n, c.NotifyStop); break;
                case "notify_deleted": c.NotifyDeleted = n.Arguments.Length == 0 ? new NotifyScript("") : ctx.NotifyScript(n, c.NotifyDeleted); break;
                case "notify": c.Notify = ctx.NotifyScript(n, c.Notify); break;
                case "notify_master_rx_lower_pri": c.NotifyMasterRxLowerPri = ctx.NotifyScript(n, c.NotifyMasterRxLowerPri); break;
                case "smtp_alert": c.SmtpAlert = Values.Flag(ctx, n); break;
                case "notify_priority_changes":
                    // vrrp_parser.c vrrp_notify_priority_changes_handler
                    c.NotifyPriorityChanges = Values.Flag(ctx, n, v => $"({name}) Invalid value '{v}' for notify_priority_changes specified") ?? c.NotifyPriorityChanges;
                    break;
                case "garp_master_delay":
                    if (Values.Seconds(ctx, n, 0, uint.MaxValue / 1_000_000m, out var gd, wholeOnly: true)) c.GarpMasterDelay = gd;
                    break;
                case "garp_master_repeat":
                    if (Values.Int(ctx, n, 0, uint.MaxValue, out var gr)) c.GarpMasterRepeat = gr;
                    break;
                case "garp_master_refresh":
                    if (Values.Seconds(ctx, n, 0, uint.MaxValue, out var gf, wholeOnly: true)) c.GarpMasterRefresh = gf;
                    break;
                case "garp_master_refresh_repeat":
                    if (Values.Int(ctx, n, 0, uint.MaxValue, out var gfr)) c.GarpMasterRefreshRepeat = gfr;
                    break;
                case "garp_lower_prio_delay":
                    if (Values.Seconds(ctx, n, 0, uint.MaxValue / 1_000_000m, out var gld, wholeOnly: true)) c.GarpLowerPrioDelay = gld;
                    break;
                case "garp_lower_prio_repeat":
                    if (Values.Int(ctx, n, 0, int.MaxValue, out var glr)) c.GarpLowerPrioRepeat = glr;
                    break;
                case "use_vmac":
                    var vmac = n.Arguments.Length > 0 ? n.Arguments[0].Text : null;
                    if (vmac is not null && (vmac.Length is 0 or > 15 || vmac.Any(ch => ch is '/' or ':' || char.IsWhiteSpace(ch))))
                        ctx.Error(n, $"use_vmac interface name '{vmac}' is not a valid interface name");
                    c.UseVmac = true;
                    c.VmacName = vmac;
                    break;
                case "vmac_xmit_base": c.VmacXmitBase = true; break;
                case "accept": accept = true; break;
                case "no_accept": accept = false; break;
                case "lower_prio_no_advert": c.LowerPrioNoAdvert = Values.Flag(ctx, n); break;
                case "higher_prio_send_advert": c.HigherPrioSendAdvert = Values.Flag(ctx, n); break;
                case "native_ipv6": c.NativeIpv6 = true; break;
                case "strict_mode": strict = Values.Flag(ctx, n); break;
                case "skip_check_adv_addr":
                    // vrrp_parser.c vrrp_skip_check_adv_addr_handler sets the flag for any valid value, "off" too
                    // (keepalived 2.2.7 to 2.4), and a bad one leaves the global default.
                    if (Values.Flag(ctx, n, v => $"({name}) invalid skip_check_adv_addr {v} specified") is not null) c.SkipCheckAdvAddr = true;
                    break;
                case "check_unicast_src": c.CheckUnicastSrc = true; break;
                case "unicast_fault_no_peer": c.UnicastFaultNoPeer = true; break;
                case "unicast_ttl":
                    // vrrp_parser.c vrrp_ttl_handler: read_unsigned's message, then its own.
                    if (Values.Arg(ctx, n, 0, "a TTL") is { } ttlText)
                    {
                        if (Values.Unsigned(ctx, n, ttlText, 0, 255, out var ttl)) c.UnicastTtl = (int)ttl;
                        else ctx.Error(n, $"({name}): TTL '{ttlText}' not valid - must be between 0 & 255");
                    }
                    break;
                case "promote_secondaries": c.PromoteSecondaries = true; break;
                case "garp_extra_if":
                case "vmac_garp_intvl":
                    c.GarpExtraIf = GarpExtraIfValue.Instance(ctx, n, name, c.GarpExtraIf);
                    break;
                case "down_timer_adverts":
                    if (Values.Int(ctx, n, 1, 100, out var dta)) c.DownTimerAdverts = dta;
                    break;
                case "lvs_sync_daemon_interface":
                    // vrrp_parser.c vrrp_lvs_syncd_handler (deprecated after 1.2.19); ConfigChecker makes it the global one.
                    ctx.FixUp(n, $"({name}) Specifying lvs_sync_daemon_interface against a vrrp is deprecated. Please use global lvs_sync_daemon");
                    break;
                default:
                    c.OtherSettings.Add(BindContext.Raw(n));
                    break;
            }
        }
        if (c.UnicastTtl is not null && c.UnicastPeers.IsEmpty)
        {
            // vrrp_parser.c vrrp_end_handler.
            ctx.FixUp(lines["unicast_ttl"], $"({name}): Cannot use unicast_ttl without unicast peers - resetting");
            c.UnicastTtl = null;
        }
        return name is null ? null : new BoundInstance(c.Build(name, node.Location), node, lines, priorityConfigured, version, strict, accept);
    }

    /// <summary><c>authentication { auth_type PASS|AH; auth_pass X }</c>; keepalived keeps only 8 characters of the password (RFC 2338 5.3.6).</summary>
    private static VrrpAuthentication? Authentication(BindContext ctx, SyntaxNode n)
    {
        VrrpAuthType? type = null;
        string? pass = null;
        foreach (var (a, _) in ctx.Known(n.Block!, Keywords.Authentication))
        {
            if (a.Keyword == "auth_type")
            {
                var t = Values.Arg(ctx, a, 0, "PASS or AH");
                if (t == "PASS") type = VrrpAuthType.Password;
                else if (t == "AH") type = VrrpAuthType.IpAh;
                else if (t is not null) ctx.Error(a, $"unknown auth_type '{t}' (PASS or AH)");
            }
            else
            {
                pass = Values.Arg(ctx, a, 0, "a password");
                if (pass is { Length: > 8 })
                {
                    ctx.Warning(a, $"auth_pass is longer than 8 characters; only '{pass[..8]}' is used");
                    pass = pass[..8];
                }
            }
        }
        if (type is null)
        {
            if (pass is not null) ctx.Error(n, "authentication has auth_pass but no auth_type");
            return null;
        }
        if (pass is null)
        {
            ctx.Error(n, "authentication specified but no password given");
            return null;
        }
        return new VrrpAuthentication(type.Value, pass);
    }

    private static ImmutableArray<UnicastPeer> Peers(BindContext ctx, SyntaxNode list, string? name)
    {
        var peers = ImmutableArray.CreateBuilder<UnicastPeer>();
        foreach (var item in BindContext.Items(list))
        {
            var words = item.Line.Tokens.Select(t => t.Text).ToArray();
            var address = Values.ParseAddress(words[0]);
            if (address is null)
            {
                ctx.Error(item, $"unicast_peer: invalid IP address '{words[0]}'");
                continue;
            }
            int? min = null, max = null;
            for (var i = 1; i < words.Length; i++)
            {
                // vrrp_data.c alloc_vrrp_unicast_peer: option/value pairs; a bad value is skipped, an unknown option ends the list.
                if (i + 1 >= words.Length)
                {
                    ctx.FixUp(item, $"({name}) {words[i]} is missing a value");
                    break;
                }
                if (!Values.Unsigned(ctx, item, words[i + 1], 0, 255, out var ttl))
                {
                    i++;
                    continue;
                }
                if (words[i] == "min_ttl") min = (int)ttl;
                else if (words[i] == "max_ttl") max = (int)ttl;
                else
                {
                    ctx.FixUp(item, $"({name}) unknown unicast_peer option {words[i]}");
                    break;
                }
                i++;
            }
            var peer = new UnicastPeer(address, min, max, item.Location);
            if (peer.Min > peer.Max) ctx.FixUp(item, $"({name}) min_ttl {peer.Min} > max_ttl {peer.Max} - all packets will be discarded");
            peers.Add(peer);
        }
        return peers.ToImmutable();
    }
}
