using System.Collections.Frozen;

namespace KeepalivedSharp.Config.Schema;

/// <summary>
/// Keywords keepalived 2.2.7 acts on that keepalived-sharp accepts (so a keepalived config still loads) but does
/// not act on yet, each with the reason. <c>-t</c> and the daemon warn at each one's line, and the config
/// reference's "not yet" rows are these (ConfigReferenceAgreementTests).
/// </summary>
internal static class NoEffectKeywords
{
    private const string ReloadHandling = "reload re-reads the config named at start, without these checks or files";
    private const string OneProcess = "keepalived-sharp is one process and keeps its own name";
    private const string NoBfd = "no BFD yet (issue 15)";
    private const string NoSnmp = "no SNMP agent yet (issue 15)";
    private const string NoDbus = "no DBus service yet (issue 15)";
    private const string NoIptables = "iptables and ipsets are not supported: keepalived-sharp programs nftables (the nftables keyword)";
    private const string Buffers = "keepalived-sharp's socket buffer sizes are fixed";
    private const string Polling = "link state comes from rtnetlink only";
    private const string Namespace = "start keepalived-sharp inside the namespace (ip netns exec)";

    private static readonly FrozenDictionary<(string Block, string Keyword), string> Reasons = new Dictionary<(string, string), string>
    {
        [("global_defs", "process_names")] = OneProcess,
        [("global_defs", "process_name")] = OneProcess,
        [("global_defs", "vrrp_process_name")] = OneProcess,
        [("global_defs", "checker_process_name")] = OneProcess,
        [("global_defs", "lvs_process_name")] = OneProcess,
        [("global_defs", "bfd_process_name")] = OneProcess,
        [("global_defs", "checker_log_all_failures")] = "set log_all_failures in each checker",
        [("global_defs", "dynamic_interfaces")] = "an interface missing at start is not picked up when it appears",
        [("global_defs", "disable_local_igmp")] = "the interfaces' IGMP reports are left to the kernel",
        [("global_defs", "vrrp_iptables")] = NoIptables,
        [("global_defs", "vrrp_ipsets")] = NoIptables,
        [("global_defs", "nftables_ipvs")] = "no nftables rules for IPVS fwmark services",
        [("global_defs", "nftables_ipvs_priority")] = "no nftables rules for IPVS fwmark services",
        [("global_defs", "nftables_ipvs_start_fwmark")] = "no nftables rules for IPVS fwmark services",
        [("global_defs", "lvs_notify_fifo_script")] = "lvs_notify_fifo is written, no script is started to read it",
        [("global_defs", "bfd_priority")] = NoBfd,
        [("global_defs", "bfd_no_swap")] = NoBfd,
        [("global_defs", "bfd_rt_priority")] = NoBfd,
        [("global_defs", "bfd_cpu_affinity")] = NoBfd,
        [("global_defs", "bfd_rlimit_rttime")] = NoBfd,
        [("global_defs", "bfd_rlimit_rtime")] = NoBfd,
        [("global_defs", "snmp_socket")] = NoSnmp,
        [("global_defs", "enable_traps")] = NoSnmp,
        [("global_defs", "enable_snmp_vrrp")] = NoSnmp,
        [("global_defs", "enable_snmp_keepalived")] = NoSnmp,
        [("global_defs", "enable_snmp_rfc")] = NoSnmp,
        [("global_defs", "enable_snmp_rfcv2")] = NoSnmp,
        [("global_defs", "enable_snmp_rfcv3")] = NoSnmp,
        [("global_defs", "enable_snmp_checker")] = NoSnmp,
        [("global_defs", "enable_dbus")] = NoDbus,
        [("global_defs", "dbus_service_name")] = NoDbus,
        [("global_defs", "vrrp_netlink_cmd_rcv_bufs")] = Buffers,
        [("global_defs", "vrrp_netlink_cmd_rcv_bufs_force")] = Buffers,
        [("global_defs", "vrrp_netlink_monitor_rcv_bufs")] = Buffers,
        [("global_defs", "vrrp_netlink_monitor_rcv_bufs_force")] = Buffers,
        [("global_defs", "process_monitor_rcv_bufs")] = Buffers,
        [("global_defs", "process_monitor_rcv_bufs_force")] = Buffers,
        [("global_defs", "lvs_netlink_cmd_rcv_bufs")] = Buffers,
        [("global_defs", "lvs_netlink_cmd_rcv_bufs_force")] = Buffers,
        [("global_defs", "lvs_netlink_monitor_rcv_bufs")] = Buffers,
        [("global_defs", "lvs_netlink_monitor_rcv_bufs_force")] = Buffers,
        [("global_defs", "vrrp_rx_bufs_policy")] = Buffers,
        [("global_defs", "vrrp_rx_bufs_multiplier")] = Buffers,
        [("global_defs", "rs_init_notifies")] = "no notify for a real server's initial state",
        [("global_defs", "vmac_prefix")] = "VMAC interfaces are named vrrp.VRID",
        [("global_defs", "vmac_addr_prefix")] = "VMAC interfaces are named vrrp.VRID",
        [("global_defs", "random_seed")] = "keepalived-sharp's random numbers are not seeded from the config",
        [("global_defs", "reload_check_config")] = ReloadHandling,
        [("global_defs", "reload_time_file")] = ReloadHandling,
        [("global_defs", "reload_repeat")] = ReloadHandling,
        [("global_defs", "reload_file")] = ReloadHandling,
        [("global_defs", "include_check")] = ReloadHandling,
        [("global_defs", "config_save_dir")] = ReloadHandling,
        [("global_defs", "tmp_config_directory")] = "the config is read in place",
        [("global_defs", "data_use_instance")] = "dump file names do not carry the instance name",
        [("global_defs", "linkbeat_use_polling")] = Polling,
        [("vrrp_instance", "use_vmac_addr")] = "a VMAC's address is always 00:00:5e:00:01:VRID",
        [("vrrp_instance", "use_ipvlan")] = "use_vmac (macvlan) works",
        [("vrrp_instance", "old_unicast_checksum")] = "unicast adverts carry the RFC checksum",
        [("vrrp_instance", "native_ipv6")] = "the instance's family comes from its addresses",
        [("vrrp_instance", "vrf")] = "sockets are not bound to a VRF",
        [("vrrp_instance", "track_src_ip")] = "the source address is not tracked",
        [("vrrp_instance", "promote_secondaries")] = "the interface's promote_secondaries is left as it is",
        [("vrrp_instance", "linkbeat_use_polling")] = Polling,
        [("vrrp_instance", "debug")] = "keepalived 2.2.7 only prints it in its data dump (Debug level); keepalived-sharp does not",
        [("vrrp_instance", "kernel_rx_buf_size")] = Buffers,
        [("vrrp_instance", "track_bfd")] = NoBfd,
        [("vrrp_sync_group", "track_bfd")] = NoBfd,
        [("vrrp_sync_group", "global_tracking")] = "members' own tracking weights are ignored in a sync group",
        [("vrrp_sync_group", "sync_group_tracking_weight")] = "members' own tracking weights are ignored in a sync group",
        [("real_server", "snmp_name")] = NoSnmp,
        [("virtual_server", "snmp_name")] = NoSnmp,
        [("top level", "track_group")] = "track_file's and track_process's group lists are not read",
        [("top level", "garp_group")] = "GARP/NA intervals come from vrrp_garp_interval and vrrp_gna_interval",
        [("top level", "bfd_instance")] = NoBfd,
        [("top level", "linkbeat_interfaces")] = Polling,
        [("top level", "interface_up_down_delays")] = "link changes act at once",
        [("top level", "linkbeat_use_polling")] = Polling,
        [("top level", "net_namespace")] = Namespace,
        [("top level", "net_namespace_ipvs")] = Namespace,
        [("top level", "namespace_with_ipsets")] = Namespace,
        [("top level", "use_pid_dir")] = "the pid file is the one given with -p",
        [("top level", "instance")] = "file names do not carry an instance name",
        [("top level", "child_wait_time")] = "keepalived-sharp has no child processes to wait for",
    }.ToFrozenDictionary();

    /// <summary>
    /// Blocks whose keywords keepalived-sharp does not read at all: their block keyword carries the warning and
    /// the keywords inside are only checked.
    /// </summary>
    private static readonly FrozenSet<string> NoEffectBlocks = FrozenSet.Create(StringComparer.Ordinal, "track_group", "garp_group", "bfd_instance");

    /// <summary>Why <paramref name="keyword"/> in <paramref name="schema"/> has no effect, or null when it acts.</summary>
    public static string? Reason(BlockSchema schema, string keyword) => Reasons.GetValueOrDefault((schema.Name, keyword));

    /// <summary>Whether the keywords of a block named <paramref name="block"/> are covered by its own warning.</summary>
    public static bool CoveredByBlock(string block) => NoEffectBlocks.Contains(block);

    /// <summary>Every entry, for the test that holds the config reference to them.</summary>
    public static IEnumerable<(string Block, string Keyword, string Reason)> All => Reasons.Select(r => (r.Key.Block, r.Key.Keyword, r.Value));
}
