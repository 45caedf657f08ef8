using System.Collections.Immutable;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Timing;
using KeepalivedSharp.Core.Tracking;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Settings;
using KeepalivedSharp.Wire.Vrrp;
using static KeepalivedSharp.Operations.Dumps.KeepalivedText;

namespace KeepalivedSharp.Operations.Dumps;

/// <summary>
/// keepalived.data (USR1): keepalived 2.2.7's dump_data_vrrp() layout and wording (vrrp_data.c,
/// global_data.c) for what keepalived-sharp knows: global definitions, static addresses, the VRRP
/// topology (one block per instance, the lines exporters read: State, Wantstate, Interface,
/// Virtual Router ID, Gratuitous ARP delay, Virtual IP), sync groups and scripts, every value as the
/// effective settings have it (what the engine and the host run), never re-derived from the config. Lines about
/// keepalived internals we do not have (socket fds, read timeout, socket pool, interface queue,
/// SNMP/DBus/LVS settings) are left out rather than invented.
/// </summary>
public static class DataDump
{
    public static string Format(DaemonStatus status)
    {
        var setup = status.Settings;
        var w = new StringBuilder();
        Global(w, setup.Global);
        if (!setup.Global.StaticAddresses.IsDefaultOrEmpty)
        {
            Line(w, "------< Static Addresses >------");
            foreach (var a in setup.Global.StaticAddresses) Line(w, " " + FormatAddress(a, false));
        }
        if (!status.Instances.IsDefaultOrEmpty)
        {
            Line(w, "------< VRRP Topology >------");
            foreach (var i in status.Instances) Instance(w, status, i, setup.Global.Config);
        }
        if (!status.Groups.IsDefaultOrEmpty)
        {
            Line(w, "------< VRRP Sync groups >------");
            foreach (var g in status.Groups) Group(w, g);
        }
        if (!setup.EffectiveScripts.IsDefaultOrEmpty)
        {
            Line(w, "------< VRRP Scripts >------");
            foreach (var s in setup.EffectiveScripts) Script(w, s, setup);
        }
        return w.ToString();
    }

    /// <summary>global_data.c dump_global_data(), which keepalived prints at the top of both data dumps.</summary>
    internal static void Global(StringBuilder w, EffectiveGlobals eg)
    {
        var g = eg.Config;
        Line(w, "------< Global definitions >------");
        Line(w, " Router ID = " + eg.RouterId);
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
        Line(w, " Gratuitous ARP lower priority delay = " + Seconds(eg.GarpLowerPrioDelay));
        Line(w, " Gratuitous ARP lower priority repeat = " + Int(eg.GarpLowerPrioRepeat));
        Line(w, " Num adverts before down = " + Int(g.VrrpDownTimerAdverts));
        // global_data.c: printed whenever set; keepalived's default is 0, so always.
        Line(w, $" Gratuitous ARP for each secondary {ExtraIfWord(g.VrrpGarpExtraIf)} = {Int(g.VrrpGarpExtraIf.Interval ?? 0)}s");
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

    private static string ExtraIfWord(GarpExtraIf e) => e.AllInterfaces ? "i/f" : "VMAC";

    private static void Instance(StringBuilder w, DaemonStatus status, InstanceReport report, GlobalDefs g)
    {
        var e = report.Engine;
        var s = report.Settings;
        var run = s.Engine;
        var c = s.Config;
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
        var unicast = run.IsUnicast;
        // keepalived prints "Flags:" (with only the unicast lines under it) when any flag bit is set, nopreempt included.
        if (unicast || !run.Preempt || c.UnicastFaultNoPeer || run.DontTrackPrimary || c.SkipCheckAdvAddr
            || c.PromoteSecondaries || c.CheckUnicastSrc || s.VmacName is not null)
        {
            Line(w, "   Flags:");
            if (unicast) Line(w, "     Using unicast");
            if (c.UnicastFaultNoPeer) Line(w, "     If unicast go to fault state if no peers");
        }
        else Line(w, "   Flags: none");
        Line(w, "   Wantstate = " + e.WantState.ToKeepalived());
        var last = status.TakenAt - report.SinceTransition;
        Line(w, $"   Last transition = {EpochMicro(last)} ({CTimeMicro(last)})");
        var down = VrrpTimers.MasterDownInterval(e.Version, e.EffectivePriority, e.MasterAdverInterval, run.DownTimerAdverts);
        Line(w, "   Master down timer = " + ((long)(down.Ticks / 10)).ToString(CultureInfo.InvariantCulture) + " usecs");
        if (s.VmacName is { } vmac)
            Line(w, $"   Use VMAC, i/f name {vmac}, is_up = {TrueFalse(e.State != VrrpState.Fault)}, xmit_base = {TrueFalse(c.VmacXmitBase)}");
        Line(w, "   Interface = " + (string.IsNullOrEmpty(e.Interface) ? "not configured" : e.Interface));
        if (run.DontTrackPrimary) Line(w, "   VRRP interface tracking disabled");
        if (c.SkipCheckAdvAddr) Line(w, "   Skip checking advert IP addresses");
        if (c.StrictMode) Line(w, "   Enforcing strict VRRP compliance");
        var src = unicast ? c.UnicastSourceIp : c.McastSourceIp;
        if (src is not null) Line(w, $"   Using src_ip = {src} (from configuration)");
        if (s.MulticastGroup is { } mcast) Line(w, "   Multicast address " + mcast);
        Line(w, "   Gratuitous ARP delay = " + Seconds(run.GarpMasterDelay));
        Line(w, "   Gratuitous ARP repeat = " + Int(run.GarpMasterRepeat));
        Line(w, "   Gratuitous ARP refresh = " + Seconds(run.GarpMasterRefresh));
        Line(w, "   Gratuitous ARP refresh repeat = " + Int(run.GarpMasterRefreshRepeat));
        Line(w, "   Gratuitous ARP lower priority delay = " + Seconds(run.GarpLowerPrioDelay));
        Line(w, "   Gratuitous ARP lower priority repeat = " + Int(run.GarpLowerPrioRepeat));
        Line(w, "   Down timer adverts = " + Int(run.DownTimerAdverts));
        if (run.GarpExtraIfInterval > TimeSpan.Zero)
        {
            // vrrp_data.c dump_vrrp: a timer not yet started is keepalived's zeroed one.
            Line(w, $"   Gratuitous ARP for each secondary {ExtraIfWord(c.GarpExtraIf)} = {(long)run.GarpExtraIfInterval.TotalSeconds}");
            var next = report.UntilExtraIfGarp is { } until ? status.TakenAt + until : DateTimeOffset.UnixEpoch;
            Line(w, $"   Next gratuitous ARP for such secondary = {EpochMicro(next)} ({CTimeMicro(next)})");
        }
        Line(w, "   Send advert after receive lower priority advert = " + TrueFalse(!run.LowerPrioNoAdvert));
        Line(w, "   Send advert after receive higher priority advert = " + TrueFalse(run.HigherPrioSendAdvert));
        Line(w, "   Virtual Router ID = " + Int(e.VirtualRouterId));
        Line(w, "   Priority = " + Int(e.Priority));
        Line(w, "   Effective priority = " + Int(e.EffectivePriority));
        Line(w, "   Total priority = " + Int(e.EffectivePriority));
        Line(w, e.Version == 2
            ? "   Advert interval = " + ((long)run.AdvertInterval.TotalSeconds).ToString(CultureInfo.InvariantCulture) + " sec"
            : "   Advert interval = " + ((long)run.AdvertInterval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + " milli-sec");
        if (e.State == VrrpState.Backup && e.Version == 3)
            Line(w, "   Master advert interval = " + ((long)e.MasterAdverInterval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + " milli-sec");
        Line(w, "   Accept = " + (c.Accept ? "enabled" : "disabled"));
        Line(w, "   Preempt = " + (run.Preempt ? "enabled" : "disabled"));
        if (run.PreemptDelay > TimeSpan.Zero) Line(w, "   Preempt delay = " + G(run.PreemptDelay.TotalSeconds) + " secs");
        Line(w, "   Promote_secondaries = " + (c.PromoteSecondaries ? "enabled" : "disabled"));
        switch (run.AuthType)
        {
            case VrrpAuthType.Password:
                Line(w, "   Authentication type = SIMPLE_PASSWORD");
                Line(w, "   Password = " + AuthData(run.AuthData));
                break;
            case VrrpAuthType.IpAh:
                Line(w, "   Authentication type = IPSEC_AH");
                break;
            default:
                if (e.Version == 2) Line(w, "   Authentication type = none");
                break;
        }
        if (report.VirtualAddresses.Length > 0)
        {
            Line(w, "   Virtual IP (" + Int(report.VirtualAddresses.Length) + "):");
            foreach (var v in report.VirtualAddresses) Line(w, "     " + v);
        }
        if (!s.ExcludedAddresses.IsDefaultOrEmpty)
        {
            Line(w, "   Virtual IP Excluded :");
            foreach (var a in s.ExcludedAddresses) Line(w, "     " + FormatAddress(a, e.HoldsAddresses));
        }
        if (unicast)
        {
            if (c.UnicastTtl is { } ttl) Line(w, "   Unicast TTL = " + Int(ttl));
            Line(w, "   Check unicast src : " + YesNo(run.CheckUnicastSource));
            Line(w, "   Unicast Peer :");
            foreach (var p in c.UnicastPeerEntries)
                Line(w, $"     {p.Address} min_ttl {Int(p.Min)} max_ttl {Int(p.Max)}");
        }
        Section(w, "   Virtual Routes :", s.Routes.Select(r => FormatRoute(r.Config)));
        Section(w, "   Virtual Rules :", s.Rules.Select(r => FormatRule(r.Config)));
        Trackers(w, s.OwnTrackers);
        Line(w, "   Using smtp notification = " + YesNo(s.SmtpAlert));
        Line(w, "   Notify deleted = " + (run.NotifyDeleted ? "Deleted" : "Fault"));
        NotifyScript(w, c.NotifyBackup, "Backup");
        NotifyScript(w, c.NotifyMaster, "Master");
        NotifyScript(w, c.NotifyFault, "Fault");
        NotifyScript(w, c.NotifyStop, "Stop");
        NotifyScript(w, c.NotifyDeleted, "Deleted");
        NotifyScript(w, c.Notify, "Generic");
        NotifyScript(w, c.NotifyMasterRxLowerPri, "Master rx lower pri");
        Line(w, "   Notify priority changes = " + TrueFalse(run.NotifyPriorityChanges));
    }

    private static void Group(StringBuilder w, GroupReport g)
    {
        Line(w, $" VRRP Sync Group = {g.Name}, {g.State.ToKeepalived()}");
        if (!g.Members.IsDefaultOrEmpty)
        {
            Line(w, "   VRRP member instances :");
            foreach (var m in g.Members) Line(w, "     " + m);
        }
        var c = g.Settings.Config;
        if (c.SyncGroupTrackingWeight) Line(w, "   sync group tracking weight set");
        Line(w, "   Using smtp notification = " + YesNo(g.Settings.SmtpAlert));
        Trackers(w, g.Settings.Trackers);
        NotifyScript(w, c.NotifyBackup, "Backup");
        NotifyScript(w, c.NotifyMaster, "Master");
        NotifyScript(w, c.NotifyFault, "Fault");
        NotifyScript(w, c.NotifyStop, "Stop");
        NotifyScript(w, c.Notify, "Generic");
    }

    private static void Script(StringBuilder w, EffectiveScript s, EngineSetup setup)
    {
        var c = s.Config;
        Line(w, " VRRP Script = " + s.Name);
        Line(w, "   Command = " + Command(c.Script));
        Line(w, "   Interval = " + Seconds(s.Interval) + " sec");
        Line(w, "   Timeout = " + Seconds(s.Timeout) + " sec");
        Line(w, "   Weight = " + Int(c.Weight) + (c.WeightReverse ? " reverse" : ""));
        Line(w, "   Rise = " + Int(s.Engine.Rise));
        Line(w, "   Fall = " + Int(s.Engine.Fall));
        Line(w, "   VRRP instances :");
        foreach (var i in setup.EffectiveInstances)
        {
            foreach (var t in i.OwnTrackers.Where(t => t.Kind == TrackerKind.Script && t.Name == s.Name))
                Line(w, $"     {i.Name}, weight {Int(t.Weight)}{(t.Reverse ? " reverse" : "")}");
        }
    }

    /// <summary>The tracked interfaces, scripts, files and processes with the weights the engine applies.</summary>
    private static void Trackers(StringBuilder w, ImmutableArray<TrackBinding> trackers)
    {
        foreach (var (kind, heading) in TrackerHeadings)
            Section(w, heading, trackers.Where(t => t.Kind == kind).Select(t => $"{t.Name} weight {Int(t.Weight)}{(t.Reverse ? " reverse" : "")}"));
    }

    private static readonly (TrackerKind Kind, string Heading)[] TrackerHeadings =
    [
        (TrackerKind.Interface, "   Tracked interfaces :"), (TrackerKind.Script, "   Tracked scripts :"),
        (TrackerKind.File, "   Tracked files :"), (TrackerKind.Process, "   Tracked processes :"),
    ];

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
}
