using System.Globalization;
using System.Net.Sockets;
using System.Text;
using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Check;
using KeepalivedSharp.Settings;
using static KeepalivedSharp.Operations.Dumps.KeepalivedText;

namespace KeepalivedSharp.Operations.Dumps;

/// <summary>
/// keepalived_check.data (USR1, when the checkers run): keepalived 2.2.7's dump_data_check() (check_data.c) layout and
/// wording: dump_global_data, SSL definitions, the LVS topology (dump_vsg, dump_vs, dump_rs), the health checkers
/// (check_api.c dump_checkers_queue, see <see cref="CheckerDump"/>) and the checker track files (track_file.c).
/// Values are the effective settings the check engine runs; states (quorum_state_up, alive, effective weight, num
/// failed checkers, Up, Has run, Retries iterations, Current weight, Failed URL, Status) are the engine's snapshot.
/// Left out rather than invented: "System is compiled with LVS v1.2.1" (keepalived-sharp compiles against no IPVS
/// headers and programs no IPVS here, so no version is a fact for us), VS "alive" and RS "RS set" (whether IPVS holds
/// them: nothing programs the table yet), "previous effective_weight", a VSG entry's "Alive:" counts, the notify script
/// and MISC uid:gid lines (resolved by the notifier, not in the settings), "Using smtp notification" (the checkers send
/// no mail), SNMP names, MISC "Last ran"/"Last status", a connection's "Last errno". The "reloaded" lines are printed
/// (as 0/False/No) only before any reload: after one, which objects were kept is not tracked.
/// </summary>
public static class CheckDataDump
{
    public static string Format(DaemonStatus status)
    {
        var w = new StringBuilder();
        DataDump.Global(w, status.Settings.Global);
        if (status.CheckSettings is not { } setup) return w.ToString();
        var views = VirtualServerView.Of(setup, status.VirtualServers);
        bool? reloaded = status.Reloads == 0 ? false : null;
        Ssl(w, setup);
        if (views.Length > 0)
        {
            Line(w, "------< LVS Topology >------");
            foreach (var g in setup.Groups) Group(w, g, reloaded);
            foreach (var vs in views) VirtualServer(w, vs, reloaded);
        }
        CheckerDump.Queue(w, views, reloaded);
        TrackFiles(w, setup, views);
        return w.ToString();
    }

    /// <summary>dump_ssl(): the SSL block's files, or keepalived's autogen context when only an SSL_GET asks for one.</summary>
    private static void Ssl(StringBuilder w, CheckSetup setup)
    {
        var ssl = setup.Ssl;
        if (ssl is null && !setup.VirtualServers.Any(v => v.RealServers.Any(r => r.Checkers.Any(c => c.Kind == CheckerKind.Ssl)))) return;
        Line(w, "------< SSL definitions >------");
        if (ssl is null || (ssl.Password is null && ssl.CaFile is null && ssl.CertificateFile is null && ssl.KeyFile is null))
        {
            Line(w, " Using autogen SSL context");
            return;
        }
        if (ssl.Password is { } p) Line(w, " Password : " + p);
        if (ssl.CaFile is { } ca) Line(w, " CA-file : " + ca);
        if (ssl.CertificateFile is { } cert) Line(w, " Certificate file : " + cert);
        if (ssl.KeyFile is { } key) Line(w, " Key file : " + key);
    }

    /// <summary>dump_vsg(): address entries first, then fwmarks (keepalived keeps them in two lists).</summary>
    private static void Group(StringBuilder w, VirtualServerGroupConfig g, bool? reloaded)
    {
        var (v4, v6) = GroupFamilies(g);
        Line(w, " ------< Virtual server group >------");
        Line(w, $" Virtual Server Group = {g.Name}, IPv4 = {YesNo(v4)}, IPv6 = {YesNo(v6)}");
        foreach (var e in g.Entries.Where(e => !e.IsFwmark).Concat(g.Entries.Where(e => e.IsFwmark)))
        {
            if (e.IsFwmark)
                Line(w, "   FWMARK = " + Int(e.Fwmark!.Value) + e.FwmarkFamily switch
                {
                    AddressFamily.InterNetwork => " IPv4",
                    AddressFamily.InterNetworkV6 => " IPv6",
                    _ => "",
                });
            else if (e.LastAddress is { } last && !last.Equals(e.Address))
                Line(w, $"   VIP Range = {e.Address}-{last}, VPORT = {Int(e.Port)}");
            else
                Line(w, $"   VIP = {e.Address}, VPORT = {Int(e.Port)}");
            if (reloaded is { } r) Line(w, "     reloaded = " + (r ? "True" : "False"));
        }
    }

    /// <summary>dump_vs().</summary>
    private static void VirtualServer(StringBuilder w, VirtualServerView v, bool? reloaded)
    {
        var c = v.Config;
        var s = v.Settings;
        var flags = s.Options.Flags;
        Line(w, " ------< Virtual server >------");
        Line(w, c.Kind switch
        {
            VirtualServerKind.Group => " VS GROUP = " + v.Name,
            VirtualServerKind.Fwmark => " VS FWMARK = " + Int(c.Fwmark),
            _ => $" VS VIP = {c.Address}, VPORT = {Int(c.Port)}",
        });
        if (c.VirtualHost is { } vh) Line(w, "   VirtualHost = " + vh);
        Line(w, "   Address family = " + AddressFamilyText(v));
        Line(w, "   connection timeout = " + Decimal6(c.ConnectTimeout));
        Line(w, "   delay_loop = " + Decimal6(c.DelayLoop));
        Line(w, "   lvs_sched = " + s.Options.Scheduler);
        Line(w, "   Hashed = " + Abled(flags, LvsServiceFlags.Hashed));
        var (f1, f2, f3) = s.Options.Scheduler switch
        {
            "sh" => ("sh-fallback", "sh-port", null),
            "mh" => ("mh-fallback", "mh-port", null),
            _ => ("flag-1", "flag-2", (string?)"flag-3"),
        };
        if (f3 is null)
        {
            // keepalived prints the port flag (SCHED2) before the fallback flag (SCHED1).
            Line(w, $"   {f2} = {Abled(flags, LvsServiceFlags.Sched2)}");
            Line(w, $"   {f1} = {Abled(flags, LvsServiceFlags.Sched1)}");
        }
        else
        {
            Line(w, $"   {f1} = {Abled(flags, LvsServiceFlags.Sched1)}");
            Line(w, $"   {f2} = {Abled(flags, LvsServiceFlags.Sched2)}");
            Line(w, $"   {f3} = {Abled(flags, LvsServiceFlags.Sched3)}");
        }
        var ops = (flags & (uint)LvsServiceFlags.OnePacket) != 0;
        Line(w, "   One packet scheduling = " + Abled(flags, LvsServiceFlags.OnePacket) + (ops && c.Protocol != LvsProtocol.Udp ? " (inactive due to not UDP)" : ""));
        if (s.Options.PersistenceTimeout != 0) Line(w, "   persistence timeout = " + Int(s.Options.PersistenceTimeout));
        if (s.Options.Netmask != 0xffffffff)
            Line(w, "   persistence granularity = " + (c.Family == AddressFamily.InterNetworkV6 ? Int(s.Options.Netmask) : NetworkOrder(s.Options.Netmask)));
        Line(w, "   protocol = " + (c.Protocol?.ToString().ToUpperInvariant() ?? "none"));
        Line(w, "   alpha is " + OnOff(c.Alpha));
        Line(w, "   omega is " + OnOff(s.Omega));
        if (c.Retry is { } retry) Line(w, "   Retry count = " + Int(retry));
        if (c.DelayBeforeRetry is { } delay) Line(w, "   Retry delay = " + Decimal6(delay));
        if (c.Warmup is { } warmup) Line(w, "   Warmup = " + Decimal6(warmup));
        Line(w, "   Inhibit on failure is " + OnOff(c.InhibitOnFailure));
        Line(w, $"   quorum = {Int(s.Quorum)}, hysteresis = {Int(s.Hysteresis)}");
        if (s.HaSuspend) Line(w, "   Using HA suspend");
        Forwarding(w, "default ", c.Forwarding is { } f ? Options(f) : null);
        if (s.SorryServer is { } sorry)
        {
            var duplicates = s.RealServers.Any(r => r.Endpoint == sorry.Endpoint) ? "(duplicates rs) " : "";
            Line(w, $"   sorry server {duplicates}= {v.Trio(sorry.Endpoint)}");
            Forwarding(w, "  ", sorry.Options);
            Line(w, "     Inhibit on failure is " + OnOff(s.SorryServerInhibit));
        }
        if (v.Status is { } st) Line(w, "   quorum_state_up = " + (st.QuorumUp ? "1" : "0"));
        if (reloaded is { } r) Line(w, "   reloaded = " + (r ? "1" : "0"));
        foreach (var rs in v.RealServers) RealServer(w, rs, reloaded);
    }

    /// <summary>dump_vs(): the address family after link_vsg_to_vs (a group of one family gives the server that family).</summary>
    private static string AddressFamilyText(VirtualServerView v)
    {
        var family = v.Config.Family;
        if (family is null && v.Group is { } g)
        {
            var (v4, v6) = GroupFamilies(g);
            if (v4 && v6) return "IPv4 & IPv6";
            family = v4 ? AddressFamily.InterNetwork : v6 ? AddressFamily.InterNetworkV6 : null;
        }
        return family switch
        {
            AddressFamily.InterNetwork => "inet",
            AddressFamily.InterNetworkV6 => "inet6",
            _ => "unknown",
        };
    }

    /// <summary>check_data.c alloc_vsg_entry's have_ipv4 / have_ipv6: addresses, and fwmarks given a family.</summary>
    private static (bool V4, bool V6) GroupFamilies(VirtualServerGroupConfig g)
    {
        static AddressFamily? Family(VirtualServerGroupEntry e) => e.IsFwmark ? e.FwmarkFamily : e.Address?.AddressFamily;
        return (g.Entries.Any(e => Family(e) == AddressFamily.InterNetwork), g.Entries.Any(e => Family(e) == AddressFamily.InterNetworkV6));
    }

    /// <summary>dump_rs().</summary>
    private static void RealServer(StringBuilder w, RealServerView rs, bool? reloaded)
    {
        var s = rs.Settings;
        var values = rs.Values;
        var weight = rs.Status?.Weight ?? s.Weight;
        Line(w, "   ------< Real server >------");
        Line(w, $"   RIP = {s.Endpoint.Address}, RPORT = {Int(s.Endpoint.Port)}, WEIGHT = {Int(Destination.RealWeight(weight))} EFF WEIGHT = {Int(weight)}");
        Forwarding(w, "", s.Options);
        Line(w, "   Alpha is " + OnOff(values.Alpha));
        Line(w, "   connection timeout = " + Decimal6(values.ConnectTimeout));
        Line(w, $"   connection limit range = {Int(s.Options.LowerThreshold)} -> {Int(s.Options.UpperThreshold)}");
        Line(w, "   Delay loop = " + Decimal6(values.DelayLoop));
        if (values.Retry is { } retry) Line(w, "   Retry count = " + Int(retry));
        if (values.DelayBeforeRetry is { } delay) Line(w, "   Retry delay = " + Decimal6(delay));
        if (values.Warmup is { } warmup) Line(w, "   Warmup = " + Decimal6(warmup));
        Line(w, "   Inhibit on failure is " + OnOff(s.InhibitOnFailure));
        if (rs.Config.VirtualHost is { } vh) Line(w, $"    VirtualHost = '{vh}'");
        Line(w, "   initial weight = " + Int(s.Weight));
        Line(w, "   effective weight = " + Int(weight));
        if (rs.Status is { } st)
        {
            Line(w, "   alive = " + (st.Alive ? "1" : "0"));
            Line(w, "   num failed checkers = " + Int(st.Checkers.Count(c => !c.Up)));
        }
        if (reloaded is { } r) Line(w, "   reloaded = " + (r ? "1" : "0"));
        var files = rs.Checkers().Where(c => c.Settings.Kind == CheckerKind.File).ToList();
        if (files.Count > 0)
        {
            Line(w, "   Tracked Files");
            foreach (var (c, probe, _) in files)
                Line(w, $"     {probe.Checker.TrackFile}, weight {Int(c.FileWeight)}{(c.FileReverse ? " reverse" : "")}");
        }
    }

    /// <summary>dump_forwarding_method() as built with IPVS_TUN_TYPE and IPVS_TUN_CSUM (GUE and GRE lines drop the prefix, as keepalived's do).</summary>
    private static void Forwarding(StringBuilder w, string prefix, DestinationOptions? o)
    {
        const string method = "forwarding method = ";
        switch (o?.Method)
        {
            case ForwardMethod.Masquerade:
                Line(w, $"   {prefix}{method}NAT");
                break;
            case ForwardMethod.DirectRoute:
                Line(w, $"   {prefix}{method}DR");
                break;
            case ForwardMethod.Tunnel when o.TunnelType == (byte)TunnelType.Ipip:
                Line(w, $"   {prefix}{method}TUN, type = IPIP");
                break;
            case ForwardMethod.Tunnel:
                var csum = o.TunnelFlags switch
                {
                    (ushort)TunnelChecksum.NoCsum => ", no checksum",
                    (ushort)TunnelChecksum.Csum => ", checksum",
                    (ushort)TunnelChecksum.RemCsum => ", remote checksum",
                    _ => ", unknown checksum type",
                };
                if (o.TunnelType == (byte)TunnelType.Gue) Line(w, $"   {method}TUN, type = GUE, port = {Int(o.TunnelPort)}{csum}");
                else if (o.TunnelType == (byte)TunnelType.Gre) Line(w, $"   {method}TUN, type = GRE{csum}");
                break;
            default:
                // The virtual server set no method (its real servers all have their own): IP_VS_CONN_F_FWD_MASK.
                Line(w, $"   {method} 0x7");
                break;
        }
    }

    private static DestinationOptions Options(Forwarding f) => f.Method switch
    {
        LvsMethod.DirectRoute => new DestinationOptions(ForwardMethod.DirectRoute),
        LvsMethod.Tunnel => new DestinationOptions(ForwardMethod.Tunnel, 0, 0, (byte)f.TunnelType, f.TunnelPort, (ushort)f.Checksum),
        _ => DestinationOptions.Nat,
    };

    /// <summary>dump_track_file() for each track_file: its value now, and the FILE_CHECKs tracking it (dump_tracking_rs).</summary>
    private static void TrackFiles(StringBuilder w, CheckSetup setup, IReadOnlyList<VirtualServerView> views)
    {
        if (setup.TrackFiles.IsDefaultOrEmpty) return;
        Line(w, "------< Checker track files >------");
        foreach (var f in setup.TrackFiles)
        {
            var trackers = views.SelectMany(v => v.RealServers.SelectMany(rs => rs.Checkers()
                .Where(c => c.Settings.Kind == CheckerKind.File && c.Probe.Checker.TrackFile == f.Name)
                .Select(c => (Vs: v, Rs: rs, c.Settings, c.Status)))).ToList();
            Line(w, " Track file = " + f.Name);
            Line(w, "   File = " + f.File);
            if (trackers.Select(t => t.Status?.FileValue).FirstOrDefault(x => x is not null) is { } value) Line(w, "   Status = " + Int(value));
            Line(w, $"   Weight = {Int(f.Weight)}{(f.WeightReverse ? " reverse" : "")}");
            if (trackers.Count == 0) continue;
            Line(w, "   Tracking instances :");
            foreach (var t in trackers)
                Line(w, $"     {t.Vs.Name} -> {t.Vs.Trio(t.Rs.Settings.Endpoint)}, weight {Int(t.Settings.FileWeight)}{(t.Settings.FileReverse ? " reverse" : "")}");
        }
    }

    /// <summary>format_decimal(val, TIMER_HZ_DIGITS): seconds with six decimals.</summary>
    internal static string Decimal6(TimeSpan t)
    {
        var micros = t.Ticks / 10;
        return string.Create(CultureInfo.InvariantCulture, $"{micros / 1_000_000}.{micros % 1_000_000:D6}");
    }

    /// <summary>inet_ntop2(): a netmask held in network order, as dotted quad.</summary>
    private static string NetworkOrder(uint v) => string.Create(CultureInfo.InvariantCulture, $"{v & 0xff}.{(v >> 8) & 0xff}.{(v >> 16) & 0xff}.{v >> 24}");

    private static string Abled(uint flags, LvsServiceFlags flag) => (flags & (uint)flag) != 0 ? "enabled" : "disabled";

    internal static string OnOff(bool v) => v ? "ON" : "OFF";
}
