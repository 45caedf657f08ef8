using System.Globalization;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Operations.Dumps;

namespace KeepalivedSharp.Operations.Metrics;

/// <summary>
/// The metrics of a daemon snapshot. Names and labels follow mehdy/keepalived-exporter
/// (keepalived_vrrp_state{iname,intf,vrid,ip_address}, keepalived_advertisements_received_total{iname,intf,vrid}, ...)
/// so existing dashboards and alerts keep working; what keepalived-sharp adds is prefixed keepalived_sharp_.
/// docs/metrics.md gives the mapping.
/// </summary>
public static class MetricsFormatter
{
    private static readonly (string Name, string Help, Func<InstanceCounters, long> Value)[] Counters =
    [
        ("keepalived_advertisements_received_total", "Advertisements received", c => c.AdvertReceived),
        ("keepalived_advertisements_sent_total", "Advertisements sent", c => c.AdvertSent),
        ("keepalived_become_master_total", "Became master", c => c.BecomeMaster),
        ("keepalived_release_master_total", "Released master", c => c.ReleaseMaster),
        ("keepalived_packet_length_errors_total", "Packet length errors", c => c.PacketLengthErrors),
        ("keepalived_advertisements_interval_errors_total", "Advertisement interval errors", c => c.AdvertIntervalErrors),
        ("keepalived_ip_ttl_errors_total", "TTL errors", c => c.TtlErrors),
        ("keepalived_invalid_type_received_total", "Invalid type errors", c => c.InvalidTypeReceived),
        ("keepalived_address_list_errors_total", "Address list errors", c => c.AddressListErrors),
        ("keepalived_authentication_invalid_total", "Authentication invalid", c => c.InvalidAuthType),
        ("keepalived_authentication_mismatch_total", "Authentication mismatch", c => c.AuthTypeMismatch),
        ("keepalived_authentication_failure_total", "Authentication failure", c => c.AuthFailure),
        ("keepalived_priority_zero_received_total", "Priority zero received", c => c.PriorityZeroReceived),
        ("keepalived_priority_zero_sent_total", "Priority zero sent", c => c.PriorityZeroSent),
        ("keepalived_sharp_checksum_errors_total", "Adverts dropped for a bad VRRP checksum", c => c.ChecksumErrors),
        ("keepalived_sharp_version_errors_total", "Adverts dropped for a VRRP version mismatch", c => c.VersionErrors),
        ("keepalived_sharp_advert_send_errors_total", "Adverts the socket refused to send (sendmsg failed)", c => c.AdvertSendErrors),
    ];

    public static string Format(DaemonStatus status)
    {
        var p = new PrometheusText();
        p.Family("keepalived_up", "gauge", "Status").Sample("keepalived_up", 1);
        p.Family("keepalived_sharp_build_info", "gauge", "keepalived-sharp version").Sample("keepalived_sharp_build_info", 1, ("version", status.Version));
        p.Family("keepalived_sharp_uptime_seconds", "gauge", "Seconds since the daemon started").Sample("keepalived_sharp_uptime_seconds", status.Uptime.TotalSeconds);
        p.Family("keepalived_sharp_reloads_total", "counter", "Configuration reloads applied").Sample("keepalived_sharp_reloads_total", status.Reloads);
        p.Family("keepalived_sharp_unknown_vrid_drops_total", "counter", "Adverts dropped for a virtual router id with no instance")
            .Sample("keepalived_sharp_unknown_vrid_drops_total", status.UnknownVirtualRouterDrops);

        p.Family("keepalived_vrrp_state", "gauge", "State of vrrp");
        foreach (var i in status.Instances)
        {
            var e = i.Engine;
            var vrid = e.VirtualRouterId.ToString(CultureInfo.InvariantCulture);
            var state = KeepalivedText.StateNumber(e.State);
            if (i.VirtualAddresses.IsDefaultOrEmpty)
                p.Sample("keepalived_vrrp_state", state, ("iname", e.Name), ("intf", e.Interface), ("vrid", vrid), ("ip_address", ""));
            foreach (var vip in i.VirtualAddresses)
            {
                var (address, device) = SplitVip(vip, e.Interface);
                p.Sample("keepalived_vrrp_state", state, ("iname", e.Name), ("intf", device), ("vrid", vrid), ("ip_address", address));
            }
        }
        foreach (var (name, help, value) in Counters)
        {
            p.Family(name, "counter", help);
            foreach (var i in status.Instances) p.Sample(name, value(i.Engine.Counters), Common(i));
        }
        Gauge(p, status, "keepalived_sharp_vrrp_priority", "Configured priority", i => i.Engine.Priority);
        Gauge(p, status, "keepalived_sharp_vrrp_effective_priority", "Effective priority (after trackers)", i => i.Engine.EffectivePriority);
        Gauge(p, status, "keepalived_sharp_vrrp_master_priority", "Priority of the master last heard", i => i.Engine.MasterPriority);
        Gauge(p, status, "keepalived_sharp_vrrp_vips_held", "1 while this node holds the instance's addresses", i => i.Engine.HoldsAddresses ? 1 : 0);
        Gauge(p, status, "keepalived_sharp_vrrp_last_transition_seconds", "Seconds since the last state change", i => i.SinceTransition.TotalSeconds);

        p.Family("keepalived_sharp_sync_group_state", "gauge", "State of a sync group (0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT, 98 STOP)");
        foreach (var g in status.Groups) p.Sample("keepalived_sharp_sync_group_state", KeepalivedText.StateNumber(g.State), ("group", g.Name));

        p.Family("keepalived_sharp_wire_errors_total", "counter", "Packets rejected before reaching an instance, by reason");
        foreach (var w in status.WireErrors)
        {
            foreach (var (reason, count) in w.Counts.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                p.Sample("keepalived_sharp_wire_errors_total", count, ("intf", w.Interface), ("family", w.Family == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "inet6" : "inet"), ("reason", reason));
        }
        CheckMetrics(p, status);
        return p.ToString();
    }

    /// <summary>The health checkers: labels vs and rs in keepalived's address format, as its log lines name them.</summary>
    private static void CheckMetrics(PrometheusText p, DaemonStatus status)
    {
        var servers = status.VirtualServers;
        p.Family("keepalived_sharp_virtual_server_quorum_up", "gauge", "1 while the virtual server has quorum");
        foreach (var v in servers) p.Sample("keepalived_sharp_virtual_server_quorum_up", v.QuorumUp ? 1 : 0, ("vs", v.Id));
        p.Family("keepalived_sharp_virtual_server_alive_weight", "gauge", "Sum of the weights of the live real servers (against quorum)");
        foreach (var v in servers) p.Sample("keepalived_sharp_virtual_server_alive_weight", v.AliveWeight, ("vs", v.Id));
        p.Family("keepalived_sharp_virtual_server_sorry_active", "gauge", "1 while the sorry server replaces the real servers");
        foreach (var v in servers) p.Sample("keepalived_sharp_virtual_server_sorry_active", v.SorryActive ? 1 : 0, ("vs", v.Id));
        p.Family("keepalived_sharp_real_server_alive", "gauge", "1 while the real server is in the pool");
        foreach (var v in servers)
        foreach (var r in v.RealServers) p.Sample("keepalived_sharp_real_server_alive", r.Alive ? 1 : 0, ("vs", v.Id), ("rs", r.Endpoint.ToString()));
        p.Family("keepalived_sharp_real_server_weight", "gauge", "Effective weight of the real server, as the load balancer gets it");
        foreach (var v in servers)
        foreach (var r in v.RealServers) p.Sample("keepalived_sharp_real_server_weight", r.RealWeight, ("vs", v.Id), ("rs", r.Endpoint.ToString()));
        p.Family("keepalived_sharp_checker_up", "gauge", "1 while the checker passes");
        foreach (var v in servers)
        foreach (var r in v.RealServers)
        for (int i = 0; i < r.Checkers.Length; i++)
            p.Sample("keepalived_sharp_checker_up", r.Checkers[i].Up ? 1 : 0, ("vs", v.Id), ("rs", r.Endpoint.ToString()),
                ("checker", i.ToString(CultureInfo.InvariantCulture)), ("type", Core.Check.CheckerKeywords.Keyword(r.Checkers[i].Kind)));
    }

    private static void Gauge(PrometheusText p, DaemonStatus status, string name, string help, Func<InstanceReport, double> value)
    {
        p.Family(name, "gauge", help);
        foreach (var i in status.Instances) p.Sample(name, value(i), Common(i));
    }

    private static (string, string)[] Common(InstanceReport i)
        => [("iname", i.Engine.Name), ("intf", i.Engine.Interface), ("vrid", i.Engine.VirtualRouterId.ToString(CultureInfo.InvariantCulture))];

    /// <summary>keepalived-exporter's ParseVIP: the first word is ip_address ("10.0.0.1/24"), the word after "dev" the interface.</summary>
    internal static (string Address, string Device) SplitVip(string vip, string fallbackDevice)
    {
        var words = vip.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var dev = Array.IndexOf(words, "dev");
        return (words.Length > 0 ? words[0] : "", dev >= 0 && dev + 1 < words.Length ? words[dev + 1] : fallbackDevice);
    }
}
