using System.Collections.Immutable;
using System.Net.Sockets;
using KeepalivedSharp.Config.Schema;
using KeepalivedSharp.Config.Syntax;

namespace KeepalivedSharp.Config.Binding;

/// <summary><c>global_defs</c> (several blocks merge, as in keepalived).</summary>
internal static class GlobalDefsBinder
{
    public static GlobalDefs Bind(BindContext ctx, GlobalDefs g, SyntaxNode node)
    {
        var other = g.OtherSettings.ToBuilder();
        foreach (var (n, _) in ctx.Known(node.Block!, Keywords.GlobalDefs))
        {
            switch (n.Keyword)
            {
                case "router_id": g = g with { RouterId = Values.Arg(ctx, n) }; break;
                case "vrrp_version":
                    if (Values.Int(ctx, n, 2, 3, out var v)) g = g with { VrrpVersion = v };
                    break;
                case "notification_email":
                    g = g with { NotificationEmails = [.. g.NotificationEmails, .. BindContext.Items(n).SelectMany(i => i.Line.Tokens.Select(t => t.Text))] };
                    break;
                case "notification_email_from": g = g with { NotificationEmailFrom = Values.Arg(ctx, n) }; break;
                case "smtp_server":
                    var server = Values.Arg(ctx, n, 0, "a server address");
                    g = g with { SmtpServer = server };
                    if (n.Arguments.Length > 1)
                    {
                        if (Values.Int(ctx, n, 1, 65535, out var port, 1)) g = g with { SmtpServerPort = port };
                    }
                    break;
                case "smtp_helo_name": g = g with { SmtpHeloName = Values.Arg(ctx, n) }; break;
                case "smtp_connect_timeout":
                    if (Values.Seconds(ctx, n, 1, 86400, out var sct, wholeOnly: true)) g = g with { SmtpConnectTimeout = sct };
                    break;
                case "smtp_alert": g = g with { SmtpAlert = Values.Flag(ctx, n) }; break;
                case "smtp_alert_vrrp": g = g with { SmtpAlertVrrp = Values.Flag(ctx, n) }; break;
                case "smtp_alert_checker": g = g with { SmtpAlertChecker = Values.Flag(ctx, n) }; break;
                case "no_checker_emails": g = g with { NoCheckerEmails = true }; break;
                case "enable_script_security": g = g with { EnableScriptSecurity = true }; break;
                case "script_user":
                    g = g with { ScriptUser = Values.Arg(ctx, n, 0, "a user name"), ScriptGroup = n.Arguments.Length > 1 ? n.Arguments[1].Text : null };
                    break;
                case "vrrp_garp_interval":
                    if (Values.Seconds(ctx, n, 0, 1, out var gi)) g = g with { VrrpGarpInterval = gi };
                    break;
                case "vrrp_gna_interval":
                    if (Values.Seconds(ctx, n, 0, 1, out var gn)) g = g with { VrrpGnaInterval = gn };
                    break;
                case "vrrp_garp_master_delay":
                    if (Values.Seconds(ctx, n, 0, uint.MaxValue / 1_000_000m, out var gmd, wholeOnly: true)) g = g with { VrrpGarpMasterDelay = gmd };
                    break;
                case "vrrp_garp_master_repeat":
                    if (Values.Int(ctx, n, 0, int.MaxValue, out var gmr)) g = g with { VrrpGarpMasterRepeat = gmr };
                    break;
                case "vrrp_garp_master_refresh":
                    if (Values.Seconds(ctx, n, 0, uint.MaxValue / 1_000_000m, out var gmf, wholeOnly: true)) g = g with { VrrpGarpMasterRefresh = gmf };
                    break;
                case "vrrp_garp_master_refresh_repeat":
                    if (Values.Int(ctx, n, 0, int.MaxValue, out var gmfr)) g = g with { VrrpGarpMasterRefreshRepeat = gmfr };
                    break;
                case "vrrp_garp_lower_prio_delay":
                    if (Values.Seconds(ctx, n, 0, uint.MaxValue / 1_000_000m, out var glpd, wholeOnly: true)) g = g with { VrrpGarpLowerPrioDelay = glpd };
                    break;
                case "vrrp_garp_lower_prio_repeat":
                    if (Values.Int(ctx, n, 0, int.MaxValue, out var glpr)) g = g with { VrrpGarpLowerPrioRepeat = glpr };
                    break;
                case "vrrp_down_timer_adverts":
                    // global_parser.c vrrp_down_timer_adverts_handler: 1..100, else an error and the default stays.
                    if (n.Arguments.Length > 0 && int.TryParse(n.Arguments[0].Text, System.Globalization.NumberStyles.None, null, out var dta) && dta is >= 1 and <= 100)
                        g = g with { VrrpDownTimerAdverts = dta };
                    else ctx.Error(n, $"Invalid vrrp_down_timer_adverts [1:100] '{(n.Arguments.Length > 0 ? n.Arguments[0].Text : "")}'");
                    break;
                case "vrrp_garp_extra_if":
                case "vrrp_vmac_garp_intvl":
                    g = g with { VrrpGarpExtraIf = GarpExtraIfValue.Global(ctx, n, g.VrrpGarpExtraIf) };
                    break;
                case "vrrp_min_garp":
                    if (Values.Flag(ctx, n, _ => "Invalid value for vrrp_min_garp specified") == true) g = MinGarp(g);
                    break;
                case "vrrp_lower_prio_no_advert": g = g with { VrrpLowerPrioNoAdvert = Values.Flag(ctx, n) }; break;
                case "vrrp_higher_prio_send_advert": g = g with { VrrpHigherPrioSendAdvert = Values.Flag(ctx, n) }; break;
                case "vrrp_strict": g = g with { VrrpStrict = true }; break;
                case "vrrp_check_unicast_src": g = g with { VrrpCheckUnicastSrc = true }; break;
                case "vrrp_skip_check_adv_addr": g = g with { VrrpSkipCheckAdvAddr = true }; break;
                case "vrrp_mcast_group4":
                    var m4 = Values.Address(ctx, n);
                    if (m4 is not null && (m4.AddressFamily != AddressFamily.InterNetwork || (m4.GetAddressBytes()[0] & 0xf0) != 0xe0))
                        ctx.Error(n, $"vrrp_mcast_group4 '{m4}' is not an IPv4 multicast address");
                    else if (m4 is not null) g = g with { VrrpMcastGroup4 = m4 };
                    break;
                case "vrrp_mcast_group6":
                    var m6 = Values.Address(ctx, n);
                    if (m6 is not null && !m6.IsIPv6Multicast) ctx.Error(n, $"vrrp_mcast_group6 '{m6}' is not an IPv6 multicast address");
                    else if (m6 is not null) g = g with { VrrpMcastGroup6 = m6 };
                    break;
                case "notify_fifo":
                    g = g with { NotifyFifo = Values.Arg(ctx, n, 0, "a fifo path") };
                    if (n.Arguments.Length > 1) other.Add(BindContext.Raw(n));
                    break;
                case "notify_fifo_script": g = g with { NotifyFifoScript = ctx.NotifyScript(n, g.NotifyFifoScript) }; break;
                case "vrrp_notify_fifo":
                    g = g with { VrrpNotifyFifo = Values.Arg(ctx, n, 0, "a fifo path") };
                    if (n.Arguments.Length > 1) other.Add(BindContext.Raw(n));
                    break;
                case "vrrp_notify_fifo_script": g = g with { VrrpNotifyFifoScript = ctx.NotifyScript(n, g.VrrpNotifyFifoScript) }; break;
                case "vrrp_notify_priority_changes":
                    g = g with { VrrpNotifyPriorityChanges = Values.Flag(ctx, n, v => $"Invalid value '{v}' for global vrrp_notify_priority_changes specified") ?? g.VrrpNotifyPriorityChanges };
                    break;
                case "fifo_write_vrrp_states_on_reload": g = g with { FifoWriteVrrpStatesOnReload = true }; break;
                case "default_interface": g = g with { DefaultInterface = Values.Arg(ctx, n, 0, "an interface name") }; break;
                case "dynamic_interfaces": g = g with { DynamicInterfaces = true }; other.Add(BindContext.Raw(n)); break;
                case "vrrp_startup_delay":
                    if (Values.Seconds(ctx, n, 0, 1000, out var sd)) g = g with { VrrpStartupDelay = sd };
                    break;
                case "startup_script": g = g with { StartupScript = ctx.NotifyScript(n, g.StartupScript) }; break;
                case "shutdown_script": g = g with { ShutdownScript = ctx.NotifyScript(n, g.ShutdownScript) }; break;
                // global_parser.c startup_shutdown_script_timeout_handler: whole seconds in [1, 1000].
                case "startup_script_timeout":
                    if (Values.Int(ctx, n, 1, 1000, out var st)) g = g with { StartupScriptTimeout = TimeSpan.FromSeconds(st) };
                    break;
                case "shutdown_script_timeout":
                    if (Values.Int(ctx, n, 1, 1000, out var sh)) g = g with { ShutdownScriptTimeout = TimeSpan.FromSeconds(sh) };
                    break;
                case "tmp_config_directory": g = g with { TmpConfigDirectory = Values.Arg(ctx, n, 0, "a directory") }; break;
                case "data_use_instance": g = g with { DataUseInstance = true }; break;
                case "log_unknown_vrids": g = g with { LogUnknownVrids = true }; break;
                // global_parser.c vrrp_nftables_handler, vrrp_nftables_priority_handler, nftables_counters_handler.
                case "nftables":
                    if (g.VrrpNftTable is not null) ctx.Warning(n, "nftables already specified - ignoring");
                    else if (n.Arguments.Length > 0 && n.Arguments[0].Text.Length >= NftTableMaxNameLength) ctx.Warning(n, "nftables table name too long - ignoring");
                    else g = g with { VrrpNftTable = n.Arguments.Length > 0 ? n.Arguments[0].Text : GlobalDefs.DefaultNftTable };
                    break;
                case "nftables_priority":
                    if (Values.Int(ctx, n, int.MinValue, int.MaxValue, out var nfp)) g = g with { VrrpNftPriority = nfp };
                    break;
                case "nftables_counters": g = g with { NftCounters = true }; break;
                case var lvs when LvsSettingsBinder.Handles(lvs): g = LvsSettingsBinder.Bind(ctx, g, n); break;
                case var process when SchedulingSettingsBinder.Handles(process): g = SchedulingSettingsBinder.Bind(ctx, g, n); break;
                default:
                    other.Add(BindContext.Raw(n));
                    break;
            }
        }
        return g with { OtherSettings = other.ToImmutable() };
    }

    /// <summary>
    /// global_parser.c vrrp_min_garp_handler: one GARP/NA round, no repeat, no refresh, no delay; only a value that
    /// still has its default at this line changes (one set before to another value, or after, stays).
    /// </summary>
    private static GlobalDefs MinGarp(GlobalDefs g)
    {
        var d = new GlobalDefs();
        return g with
        {
            VrrpGarpMasterRepeat = g.VrrpGarpMasterRepeat == d.VrrpGarpMasterRepeat ? 1 : g.VrrpGarpMasterRepeat,
            VrrpGarpMasterRefresh = g.VrrpGarpMasterRefresh == d.VrrpGarpMasterRefresh ? TimeSpan.Zero : g.VrrpGarpMasterRefresh,
            VrrpGarpMasterRefreshRepeat = g.VrrpGarpMasterRefreshRepeat == d.VrrpGarpMasterRefreshRepeat ? 0 : g.VrrpGarpMasterRefreshRepeat,
            VrrpGarpMasterDelay = g.VrrpGarpMasterDelay == d.VrrpGarpMasterDelay ? TimeSpan.Zero : g.VrrpGarpMasterDelay,
        };
    }

    /// <summary>NFT_TABLE_MAXNAMELEN (linux/netfilter/nf_tables.h), with its NUL.</summary>
    private const int NftTableMaxNameLength = 256;
}
