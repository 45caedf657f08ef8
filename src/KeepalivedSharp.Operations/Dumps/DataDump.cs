using System.Globalization;
using System.Net.Sockets;
using System.Text;
using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Timing;
using KeepalivedSharp.Core.Vrrp;
using static KeepalivedSharp.Operations.Dumps.KeepalivedText;

namespace KeepalivedSharp.Operations.Dumps;

/// <summary>
/// keepalived.data (USR1): keepalived 2.2.7's dump_data_vrrp() layout and wording (vrrp_data.c,
/// global_data.c) for what keepalived-sharp knows: global definitions, static addresses, the VRRP
/// topology (one block per instance, the lines exporters read: State, Wantstate, Interface,
/// Virtual Router ID, Gratuitous ARP delay, Virtual IP), sync groups and scripts. Lines about
/// keepalived internals we do not have (socket fds, read timeout, socket pool, interface queue,
/// SNMP/DBus/LVS settings) are left out rather than invented.
/// </summary>
public static class DataDump
{
    public static string Format(DaemonStatus status, KeepalivedConfig config)
    {
        var w = new StringBuilder();
        Global(w, config.Global);
        if (!config.StaticAddresses.IsDefaultOrEmpty)
        {
            Line(w, "------< Static Addresses >------");
            foreach (var a in config.StaticAddresses) Line(w, " " + FormatAddress(a, null, false));
        }
        if (!status.Instances.IsDefaultOrEmpty)
        {
            Line(w, "------< VRRP Topology >------");
            foreach (var i in status.Instances) Instance(w, status, i, FindInstance(config, i.Engine.Name), config.Global);
        }
        if (!status.Groups.IsDefaultOrEmpty)
        {
            Line(w, "------< VRRP Sync groups >------");
            foreach (var g in status.Groups) Group(w, g, config.SyncGroups.FirstOrDefault(s => s.Name == g.Name));
        }
        if (!config.Scripts.IsDefaultOrEmpty)
        {
            Line(w, "------< VRRP Scripts >------");
            foreach (var s in config.Scripts) Script(w, s, config);
        }
        return w.ToString();
    }

    internal static VrrpInstanceConfig? FindInstance(KeepalivedConfig config, string name)
        => config.Instances.FirstOrDefault(c => c.Name == name);

    private static void Global(StringBuilder w, GlobalDefs g)
    {
        Line(w, "------< Global definitions >------");
        Line(w, " Router ID = " + (g.RouterId ?? Environment.MachineName));
        if (g.SmtpServer is { } smtp)
            Line(w, string.Create(CultureInfo.InvariantCulture, $" Smtp server = {smtp}\n Smtp server port = {g.SmtpServerPort}"));
        if (g.NotificationEmailFrom is { } from) Line(w, " Email notification from = " + from);
        foreach (var e in g.NotificationEmails) Line(w, " Email notification = " + e);
        Line(w, " Default smtp_alert = " + Tristate(g.SmtpAlert));
        Line(w, " Default smtp_alert_vrrp = " + Tristate(g.SmtpAlertVrrp));
        Line(w, " Dynamic interfaces = " + TrueFalse(g.DynamicInterfaces));
        if (g.DefaultInterface is { } di) Line(w, " Default interface = " + di);
        if (g.NotifyFifo is { } fifo) Line(w, " Global notify fifo = " + fifo);
        if (g.VrrpNotifyFifo is { } vfifo) Line(w, " VRRP notify fifo = " + vfifo);
        Line(w, " VRRP notify priority changes = " + TrueFalse(g.VrrpNotifyPriorityChanges));
        Line(w, " VRRP IPv4 mcast group = " + g.VrrpMcastGroup4);
        Line(w, " VRRP IPv6 mcast group = " + g.VrrpMcastGroup6);
        Line(w, " Gratuitous ARP delay = " + Seconds(g.VrrpGarpMasterDelay));
        Line(w, " Gratuitous ARP repeat = " + Int(g.VrrpGarpMasterRepeat));
        Line(w, " Gratuitous ARP refresh timer = " + Seconds(g.VrrpGarpMasterRefresh));
        Line(w, " Gratuitous ARP refresh repeat = " + Int(g.VrrpGarpMasterRefreshRepeat));
        Line(w, " Gratuitous ARP lower priority delay = " + Seconds(g.VrrpGarpLowerPrioDelay ?? g.VrrpGarpMasterDelay));
        Line(w, " Gratuitous ARP lower priority repeat = " + Int(g.VrrpGarpLowerPrioRepeat ?? g.VrrpGarpMasterRepeat));
        Line(w, " Send advert after receive lower priority advert = " + TrueFalse(!g.VrrpLowerPrioNoAdvert));
        Line(w, " Send advert after receive higher priority advert = " + TrueFalse(g.VrrpHigherPrioSendAdvert));
        Line(w, " Gratuitous ARP interval = " + g.VrrpGarpInterval.TotalSeconds.ToString("F6", CultureInfo.InvariantCulture));
        Line(w, " Gratuitous NA interval = " + g.VrrpGnaInterval.TotalSeconds.ToString("F6", CultureInfo.InvariantCulture));
        Line(w, " VRRP default protocol version = " + Int(g.VrrpVersion));
        Line(w, " VRRP check unicast_src = " + TrueFalse(g.VrrpCheckUnicastSrc));
        Line(w, " VRRP skip check advert addresses = " + TrueFalse(g.VrrpSkipCheckAdvAddr));
        Line(w, " VRRP strict mode = " + TrueFalse(g.VrrpStrict));
        Line(w, " Script security " + (g.EnableScriptSecurity ? "enabled" : "disabled"));
    }

    private static void Instance(StringBuilder w, DaemonStatus status, InstanceReport report, VrrpInstanceConfig? c, GlobalDefs g)
    {
        var e = report.Engine;
        Line(w, " VRRP Instance = " + e.Name);
        Line(w, "   VRRP Version = " + Int(e.Version));
        if (e.SyncGroup is { } sg) Line(w, "   Sync group = " + sg);
        if (e.Family == AddressFamily.InterNetworkV6) Line(w, "   Using Native IPv6");
        Line(w, "   State = " + e.State.ToKeepalived());
        if (e.State == VrrpState.Backup)
        {
            Line(w, "   Master router = " + (e.MasterAddress?.ToString() ?? "(none)"));
            Line(w, "   Master priority = " + Int(e.MasterPriority));
            if (e.Version == 3)
                Line(w, "   Master advert int = " + e.MasterAdverInterval.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) + " sec");
        }
        var unicast = !report.UnicastPeers.IsDefaultOrEmpty;
        // keepalived prints "Flags:" (with only the unicast lines under it) when any flag bit is set, nopreempt included.
        if (unicast || !report.Preempt || c is { UnicastFaultNoPeer: true } or { DontTrackPrimary: true } or { SkipCheckAdvAddr: true }
            or { PromoteSecondaries: true } or { CheckUnicastSrc: true } or { UseVmac: true })
        {
            Line(w, "   Flags:");
            if (unicast) Line(w, "     Using unicast");
            if (c?.UnicastFaultNoPeer == true) Line(w, "     If unicast go to fault state if no peers");
        }
        else Line(w, "   Flags: none");
        Line(w, "   Wantstate = " + e.WantState.ToKeepalived());
        var last = status.TakenAt - report.SinceTransition;
        Line(w, $"   Last transition = {EpochMicro(last)} ({CTimeMicro(last)})");
        var down = VrrpTimers.MasterDownInterval(e.Version, e.EffectivePriority, e.MasterAdverInterval, c?.DownTimerAdverts ?? 3);
        Line(w, "   Master down timer = " + ((long)(down.Ticks / 10)).ToString(CultureInfo.InvariantCulture) + " usecs");
        if (c?.UseVmac == true)
            Line(w, $"   Use VMAC, i/f name {c.VmacName ?? string.Create(CultureInfo.InvariantCulture, $"vrrp.{e.VirtualRouterId}")}, is_up = {TrueFalse(e.State != VrrpState.Fault)}, xmit_base = {TrueFalse(c.VmacXmitBase)}");
        Line(w, "   Interface = " + (string.IsNullOrEmpty(e.Interface) ? "not configured" : e.Interface));
        if (c is not null)
        {
            if (c.DontTrackPrimary) Line(w, "   VRRP interface tracking disabled");
            if (c.SkipCheckAdvAddr) Line(w, "   Skip checking advert IP addresses");
            if (c.StrictMode) Line(w, "   Enforcing strict VRRP compliance");
            var src = unicast ? c.UnicastSourceIp : c.McastSourceIp;
            if (src is not null) Line(w, $"   Using src_ip = {src} (from configuration)");
            if (!unicast)
            {
                var mcast = c.McastDestinationIp ?? (e.Family == AddressFamily.InterNetworkV6 ? g.VrrpMcastGroup6 : g.VrrpMcastGroup4);
                Line(w, "   Multicast address " + mcast);
            }
            Line(w, "   Gratuitous ARP delay = " + Seconds(c.GarpMasterDelay));
            Line(w, "   Gratuitous ARP repeat = " + Int(c.GarpMasterRepeat));
            Line(w, "   Gratuitous ARP refresh = " + Seconds(c.GarpMasterRefresh));
            Line(w, "   Gratuitous ARP refresh repeat = " + Int(c.GarpMasterRefreshRepeat));
            Line(w, "   Gratuitous ARP lower priority delay = " + Seconds(c.GarpLowerPrioDelay ?? g.VrrpGarpLowerPrioDelay ?? c.GarpMasterDelay));
            Line(w, "   Gratuitous ARP lower priority repeat = " + Int(c.GarpLowerPrioRepeat ?? g.VrrpGarpLowerPrioRepeat ?? c.GarpMasterRepeat));
            Line(w, "   Down timer adverts = " + Int(c.DownTimerAdverts));
            Line(w, "   Send advert after receive lower priority advert = " + TrueFalse(!c.LowerPrioNoAdvert));
            Line(w, "   Send advert after receive higher priority advert = " + TrueFalse(c.HigherPrioSendAdvert));
        }
        Line(w, "   Virtual Router ID = " + Int(e.VirtualRouterId));
        Line(w, "   Priority = " + Int(e.Priority));
        Line(w, "   Effective priority = " + Int(e.EffectivePriority));
        Line(w, "   Total priority = " + Int(e.EffectivePriority));
        Line(w, e.Version == 2
            ? "   Advert interval = " + ((long)report.AdvertInterval.TotalSeconds).ToString(CultureInfo.InvariantCulture) + " sec"
            : "   Advert interval = " + ((long)report.AdvertInterval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + " milli-sec");
        if (e.State == VrrpState.Backup && e.Version == 3)
            Line(w, "   Master advert interval = " + ((long)e.MasterAdverInterval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + " milli-sec");
        if (c is not null) Line(w, "   Accept = " + (c.Accept ? "enabled" : "disabled"));
        Line(w, "   Preempt = " + (report.Preempt ? "enabled" : "disabled"));
        if (c is { PreemptDelay.Ticks: > 0 }) Line(w, "   Preempt delay = " + G(c.PreemptDelay.TotalSeconds) + " secs");
        if (c is not null)
        {
            Line(w, "   Promote_secondaries = " + (c.PromoteSecondaries ? "enabled" : "disabled"));
            if (c.Authentication is { } auth)
            {
                Line(w, "   Authentication type = " + (auth.Type == AuthType.Ah ? "IPSEC_AH" : "SIMPLE_PASSWORD"));
                if (auth.Type == AuthType.Pass) Line(w, "   Password = " + AuthData(auth));
            }
            else if (e.Version == 2) Line(w, "   Authentication type = none");
        }
        var vips = VirtualAddressLines(report, c);
        if (vips.Count > 0)
        {
            Line(w, "   Virtual IP (" + Int(vips.Count) + "):");
            foreach (var v in vips) Line(w, "     " + v);
        }
        if (c is not null)
        {
            if (!c.ExcludedAddresses.IsDefaultOrEmpty)
            {
                Line(w, "   Virtual IP Excluded :");
                foreach (var a in c.ExcludedAddresses) Line(w, "     " + FormatAddress(a, c.Interface, e.HoldsAddresses));
            }
            if (unicast)
            {
                if (c.UnicastTtl is { } ttl) Line(w, "   Unicast TTL = " + Int(ttl));
                Line(w, "   Check unicast src : " + YesNo(c.CheckUnicastSrc));
                Line(w, "   Unicast Peer :");
                foreach (var p in c.UnicastPeerEntries)
                    Line(w, $"     {p.Address} min_ttl {Int(p.MinTtl ?? 0)} max_ttl {Int(p.MaxTtl ?? 255)}");
            }
            Section(w, "   Virtual Routes :", c.VirtualRoutes.Select(FormatRoute));
            Section(w, "   Virtual Rules :", c.VirtualRules.Select(FormatRule));
            Section(w, "   Tracked interfaces :", c.TrackInterfaces.Select(t => TrackLine(t, 0)));
            Section(w, "   Tracked scripts :", c.TrackScripts.Select(t => TrackLine(t, null)));
            Section(w, "   Tracked files :", c.TrackFiles.Select(t => TrackLine(t, null)));
            Section(w, "   Tracked processes :", c.TrackProcesses.Select(t => TrackLine(t, null)));
            Line(w, "   Using smtp notification = " + YesNo(c.SmtpAlert ?? g.SmtpAlertVrrp ?? g.SmtpAlert ?? false));
            Line(w, "   Notify deleted = " + (c.NotifyDeleted is not null ? "Deleted" : "Fault"));
            NotifyScript(w, c.NotifyBackup, "Backup");
            NotifyScript(w, c.NotifyMaster, "Master");
            NotifyScript(w, c.NotifyFault, "Fault");
            NotifyScript(w, c.NotifyStop, "Stop");
            NotifyScript(w, c.NotifyDeleted, "Deleted");
            NotifyScript(w, c.Notify, "Generic");
            NotifyScript(w, c.NotifyMasterRxLowerPri, "Master rx lower pri");
            Line(w, "   Notify priority changes = " + TrueFalse(g.VrrpNotifyPriorityChanges));
        }
    }

    /// <summary>The VIP lines: from the config (keepalived's format, "set" while held) or as the daemon reported them.</summary>
    internal static List<string> VirtualAddressLines(InstanceReport report, VrrpInstanceConfig? c)
        => c is not null
            ? [.. c.VirtualAddresses.Select(a => FormatAddress(a, c.Interface, report.Engine.HoldsAddresses))]
            : [.. report.VirtualAddresses];

    private static void Group(StringBuilder w, GroupReport g, SyncGroupConfig? c)
    {
        Line(w, $" VRRP Sync Group = {g.Name}, {g.State.ToKeepalived()}");
        if (!g.Members.IsDefaultOrEmpty)
        {
            Line(w, "   VRRP member instances :");
            foreach (var m in g.Members) Line(w, "     " + m);
        }
        if (c is null) return;
        if (c.SyncGroupTrackingWeight) Line(w, "   sync group tracking weight set");
        Line(w, "   Using smtp notification = " + YesNo(c.SmtpAlert ?? false));
        Section(w, "   Tracked interfaces :", c.TrackInterfaces.Select(t => TrackLine(t, 0)));
        Section(w, "   Tracked scripts :", c.TrackScripts.Select(t => TrackLine(t, null)));
        NotifyScript(w, c.NotifyBackup, "Backup");
        NotifyScript(w, c.NotifyMaster, "Master");
        NotifyScript(w, c.NotifyFault, "Fault");
        NotifyScript(w, c.NotifyStop, "Stop");
        NotifyScript(w, c.Notify, "Generic");
    }

    private static void Script(StringBuilder w, VrrpScriptConfig s, KeepalivedConfig config)
    {
        Line(w, " VRRP Script = " + s.Name);
        Line(w, "   Command = " + Command(s.Script));
        Line(w, "   Interval = " + Seconds(s.Interval) + " sec");
        Line(w, "   Timeout = " + Seconds(s.Timeout ?? s.Interval) + " sec");
        Line(w, "   Weight = " + Int(s.Weight) + (s.WeightReverse ? " reverse" : ""));
        Line(w, "   Rise = " + Int(s.Rise));
        Line(w, "   Fall = " + Int(s.Fall));
        Line(w, "   VRRP instances :");
        foreach (var i in config.Instances)
        {
            foreach (var t in i.TrackScripts.Where(t => t.Name == s.Name))
                Line(w, $"     {i.Name}, weight {Int(t.Weight ?? s.Weight)}{(t.Reverse ? " reverse" : "")}");
        }
    }

    private static string TrackLine(TrackRef t, int? defaultWeight)
        => $"{t.Name}{(t.Weight ?? defaultWeight) switch { { } wt => " weight " + Int(wt), null => "" }}{(t.Reverse ? " reverse" : "")}";

    private static void NotifyScript(StringBuilder w, string? script, string type)
    {
        if (script is not null) Line(w, $"   {type} state transition script = {Command(script)}");
    }

    private static void Section(StringBuilder w, string heading, IEnumerable<string> lines)
    {
        var first = true;
        foreach (var l in lines)
        {
            if (first) Line(w, heading);
            first = false;
            Line(w, "     " + l);
        }
    }

    private static string Tristate(bool? v) => v switch { null => "unset", true => "true", false => "false" };

    private static string Seconds(TimeSpan t) => ((long)t.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    private static string Int(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static void Line(StringBuilder w, string line) => w.Append(line).Append('\n');
}
