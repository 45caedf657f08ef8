using System.Net.Sockets;
using KeepalivedSharp.Config.Binding;
using KeepalivedSharp.Config.Syntax;
using KeepalivedSharp.Wire.Vrrp;

namespace KeepalivedSharp.Config.Checking;

/// <summary>
/// Completes one instance as keepalived's vrrp_complete_instance() does: family, version, priority/state
/// derivation, strict and accept defaults, GARP defaults from global_defs; and reports what it finds wrong.
/// </summary>
internal static class InstanceResolver
{
    /// <summary>vrrp_parser.c: the keywords that set VRRP_FLAG_UNICAST_CONFIGURED.</summary>
    private static readonly string[] UnicastKeywords = ["unicast_src_ip", "unicast_peer", "unicast_fault_no_peer", "check_unicast_src", "old_unicast_checksum"];

    public static VrrpInstanceConfig Resolve(BindContext ctx, BoundInstance b, GlobalDefs g)
    {
        var c = b.Config;
        var node = b.Node;
        var name = c.Name;
        SyntaxNode At(string keyword) => b.Lines.TryGetValue(keyword, out var n) ? n : node;

        // Family: the VIPs' (keepalived takes the first VIP's family; mixed families are an error).
        var family = c.VirtualAddresses.Length > 0 ? c.VirtualAddresses[0].Address.AddressFamily
            : c.ExcludedAddresses.Length > 0 ? c.ExcludedAddresses[0].Address.AddressFamily : AddressFamily.InterNetwork;
        foreach (var v in c.VirtualAddresses)
            if (v.Address.AddressFamily != family)
                ctx.Diagnostics.Error(v.Location, LineOrdinal(b, "virtual_ipaddress"), $"({name}) virtual_ipaddress {v.Address} is not the same address family as the instance's first VIP");

        var strict = b.StrictConfigured ?? g.VrrpStrict;
        var version = b.VersionConfigured ?? (family == AddressFamily.InterNetworkV6 ? 3 : g.VrrpVersion);
        if (family == AddressFamily.InterNetworkV6 && version == 2)
            ctx.Error(At("version"), $"({name}) VRRP version 2 does not support IPv6 (RFC 3768); use version 3");

        if (c.VirtualAddresses.Length == 0)
        {
            if (version == 3 || strict) ctx.Error(node, $"({name}) no VIP specified; at least one is required");
            else ctx.Warning(node, $"({name}) no VIP specified; at least one is sensible");
        }

        var master = c.InitialState == InstanceInitialState.Master;
        var priority = b.PriorityConfigured ? c.Priority : master && c.StateConfigured ? 255 : 100;
        if (!c.StateConfigured) master = priority == 255;
        if (strict && c.StateConfigured && master != (priority == 255))
        {
            ctx.Error(At("state"), $"({name}) strict mode: state MASTER must match being the address owner (priority 255)");
            master = priority == 255;
        }

        var nopreempt = c.Nopreempt;
        var preemptDelay = c.PreemptDelay;
        if (nopreempt && priority == 255)
        {
            ctx.Warning(At("nopreempt"), $"({name}) nopreempt is incompatible with priority 255; nopreempt cleared");
            nopreempt = false;
        }
        if (master && nopreempt)
        {
            ctx.Warning(At("nopreempt"), $"({name}) nopreempt will not work with initial state MASTER; nopreempt cleared");
            nopreempt = false;
        }
        if (master && preemptDelay > TimeSpan.Zero)
        {
            ctx.Warning(At("preempt_delay"), $"({name}) preempt_delay will not work with initial state MASTER; cleared");
            preemptDelay = TimeSpan.Zero;
        }
        if (preemptDelay > TimeSpan.Zero && nopreempt)
        {
            ctx.Warning(At("preempt_delay"), $"({name}) preempt_delay is incompatible with nopreempt; cleared");
            preemptDelay = TimeSpan.Zero;
        }
        if (preemptDelay > TimeSpan.Zero && strict)
        {
            ctx.Error(At("preempt_delay"), $"({name}) preempt_delay is incompatible with strict mode");
        }

        if (c.Authentication is { } auth)
        {
            if (strict) ctx.Error(At("authentication"), $"({name}) strict mode does not support authentication");
            if (version == 3) ctx.Error(At("authentication"), $"({name}) VRRP version 3 does not support authentication");
            if (auth.Type == VrrpAuthType.IpAh && family == AddressFamily.InterNetworkV6) ctx.Error(At("authentication"), $"({name}) cannot use AH authentication with IPv6");
            if (auth.Type == VrrpAuthType.IpAh && master) ctx.Error(At("authentication"), $"({name}) initial state MASTER is incompatible with AH authentication");
        }

        // vrrp_parser.c vrrp_mcast_dstip_handler: "MUST match VRRP instance family" (keepalived skips it; a config error here).
        if (c.McastDestinationIp is { } dst && dst.AddressFamily != family && c.VirtualAddresses.Length > 0)
            ctx.Error(At("mcast_dst_ip"), $"({name}) mcast dest address {dst} MUST match VRRP instance family. Skipping...");
        if (c.UnicastPeers.Length > 0 && strict) ctx.Error(At("unicast_peer"), $"({name}) unicast peers are not supported in strict mode");
        foreach (var p in c.UnicastPeerEntries)
            if (p.Address.AddressFamily != family && c.VirtualAddresses.Length > 0)
                ctx.Diagnostics.Error(p.Location, LineOrdinal(b, "unicast_peer"), $"({name}) unicast_peer {p.Address} is not the instance's address family");
        // vrrp.c vrrp_complete_instance: a unicast keyword without peers falls back to multicast (deprecated after
        // 2.2.4), or with unicast_fault_no_peer holds the instance in FAULT.
        if (c.UnicastPeers.Length == 0 && UnicastKeywords.FirstOrDefault(b.Lines.ContainsKey) is { } unicastKeyword)
        {
            if (c.UnicastFaultNoPeer)
                ctx.Warning(At("unicast_fault_no_peer"), $"({name}) Cannot use unicast without any peers - going to fault state");
            else
                ctx.FixUp(At(unicastKeyword), $"({name}) A unicast keyword has been specified without any unicast peers. Defaulting to multicast. This usage is deprecated - please update your configuration.");
        }

        var adv = c.AdvertInterval;
        if (version == 2 && adv.Ticks % TimeSpan.TicksPerSecond != 0)
            ctx.Error(At("advert_int"), $"({name}) VRRPv2 advert_int {adv.TotalSeconds}s must be a whole number of seconds (RFC 3768 5.3.7)");
        if (version == 3 && adv.Ticks % (TimeSpan.TicksPerMillisecond * 10) != 0)
            ctx.Error(At("advert_int"), $"({name}) VRRPv3 advert_int {adv.TotalSeconds}s must be in units of 10 ms (RFC 5798 5.2.7)");
        if (version == 3 && adv >= TimeSpan.FromSeconds(40.96))
            ctx.Error(At("advert_int"), $"({name}) VRRPv3 advert_int must be below 40.96 s (RFC 5798 5.2.7)");

        if (c.VmacXmitBase && !c.UseVmac) ctx.Error(At("vmac_xmit_base"), $"({name}) vmac_xmit_base is only valid with use_vmac");

        var accept = b.AcceptConfigured ?? (priority == 255 || !strict);
        if (accept && priority != 255 && strict && version == 2 && b.AcceptConfigured == true)
        {
            ctx.Warning(At("accept"), $"({name}) warning - accept mode for VRRP version 2 does not comply with RFC3768 - resetting");
            accept = false;
        }

        return c with
        {
            Family = family,
            Version = version,
            Priority = priority,
            InitialState = master ? InstanceInitialState.Master : InstanceInitialState.Backup,
            Nopreempt = nopreempt,
            PreemptDelay = preemptDelay,
            StrictMode = strict,
            Accept = accept,
            GarpMasterDelay = b.Lines.ContainsKey("garp_master_delay") ? c.GarpMasterDelay : g.VrrpGarpMasterDelay,
            GarpMasterRepeat = b.Lines.ContainsKey("garp_master_repeat") ? c.GarpMasterRepeat : g.VrrpGarpMasterRepeat,
            GarpMasterRefresh = b.Lines.ContainsKey("garp_master_refresh") ? c.GarpMasterRefresh : g.VrrpGarpMasterRefresh,
            GarpMasterRefreshRepeat = b.Lines.ContainsKey("garp_master_refresh_repeat") ? c.GarpMasterRefreshRepeat : g.VrrpGarpMasterRefreshRepeat,
            GarpLowerPrioDelay = c.GarpLowerPrioDelay ?? g.VrrpGarpLowerPrioDelay,
            GarpLowerPrioRepeat = c.GarpLowerPrioRepeat ?? g.VrrpGarpLowerPrioRepeat,
            LowerPrioNoAdvert = b.Lines.ContainsKey("lower_prio_no_advert") ? c.LowerPrioNoAdvert : g.VrrpLowerPrioNoAdvert,
            HigherPrioSendAdvert = b.Lines.ContainsKey("higher_prio_send_advert") ? c.HigherPrioSendAdvert : g.VrrpHigherPrioSendAdvert,
            // vrrp_data.c alloc_vrrp sets it from the global; the instance's line can only set it (see the binder).
            SkipCheckAdvAddr = c.SkipCheckAdvAddr || g.VrrpSkipCheckAdvAddr,
            CheckUnicastSrc = c.CheckUnicastSrc || g.VrrpCheckUnicastSrc,
            DownTimerAdverts = b.Lines.ContainsKey("down_timer_adverts") ? c.DownTimerAdverts : g.VrrpDownTimerAdverts,
            GarpExtraIf = c.GarpExtraIf.Over(g.VrrpGarpExtraIf),
        };
    }

    private static long LineOrdinal(BoundInstance b, string keyword) => b.Lines.TryGetValue(keyword, out var n) ? n.Ordinal : b.Node.Ordinal;
}
