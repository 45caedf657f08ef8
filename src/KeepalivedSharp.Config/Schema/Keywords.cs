namespace KeepalivedSharp.Config.Schema;

/// <summary>
/// keepalived 2.2.7's keyword tables (vrrp_parser.c, global_parser.c, check_parser.c, track_file.c,
/// bfd_parser.c), including those behind build options, so no valid keyword is ever "unknown".
/// </summary>
internal static class Keywords
{
    private static readonly KeywordSpec V = new(KeywordKind.Value);
    private static readonly KeywordSpec L = new(KeywordKind.List);

    private static KeywordSpec B(BlockSchema sub) => new(KeywordKind.Block, sub);

    private static IEnumerable<(string, KeywordSpec)> Values(params string[] names) => names.Select(n => (n, V));

    private static IEnumerable<(string, KeywordSpec)> Lists(params string[] names) => names.Select(n => (n, L));

    public static BlockSchema GlobalDefs { get; } = new("global_defs", [
        .. Values("process_names", "process_name", "vrrp_process_name", "checker_process_name", "lvs_process_name", "bfd_process_name",
            "router_id", "notification_email_from", "smtp_server", "smtp_helo_name", "smtp_connect_timeout", "smtp_alert",
            "startup_script", "startup_script_timeout", "shutdown_script", "shutdown_script_timeout", "max_auto_priority",
            "min_auto_priority_delay", "smtp_alert_vrrp", "smtp_alert_checker", "checker_log_all_failures", "dynamic_interfaces",
            "no_email_faults", "default_interface", "disable_local_igmp", "lvs_timeouts", "lvs_flush", "lvs_flush_on_stop",
            "lvs_flush_onstop", "lvs_sync_daemon", "vrrp_mcast_group4", "vrrp_mcast_group6", "vrrp_garp_master_delay",
            "vrrp_garp_master_repeat", "vrrp_garp_master_refresh", "vrrp_garp_master_refresh_repeat", "vrrp_garp_lower_prio_delay",
            "vrrp_garp_lower_prio_repeat", "vrrp_down_timer_adverts", "vrrp_garp_interval", "vrrp_gna_interval", "vrrp_min_garp",
            "vrrp_garp_extra_if", "vrrp_vmac_garp_intvl", "vrrp_lower_prio_no_advert", "vrrp_higher_prio_send_advert", "vrrp_version",
            "vrrp_iptables", "vrrp_ipsets", "nftables", "nftables_priority", "nftables_ifindex", "nftables_ipvs", "nftables_ipvs_priority",
            "nftables_ipvs_start_fwmark", "nftables_counters", "vrrp_check_unicast_src", "vrrp_skip_check_adv_addr", "vrrp_strict",
            "vrrp_priority", "vrrp_no_swap", "vrrp_rt_priority", "vrrp_cpu_affinity", "vrrp_rlimit_rttime", "vrrp_rlimit_rtime",
            "notify_fifo", "notify_fifo_script", "vrrp_notify_fifo", "vrrp_notify_fifo_script", "vrrp_notify_priority_changes",
            "fifo_write_vrrp_states_on_reload", "lvs_notify_fifo", "lvs_notify_fifo_script", "checker_priority", "checker_no_swap",
            "checker_rt_priority", "checker_cpu_affinity", "checker_rlimit_rttime", "checker_rlimit_rtime", "bfd_priority",
            "bfd_no_swap", "bfd_rt_priority", "bfd_cpu_affinity", "bfd_rlimit_rttime", "bfd_rlimit_rtime", "snmp_socket",
            "enable_traps", "enable_snmp_vrrp", "enable_snmp_keepalived", "enable_snmp_rfc", "enable_snmp_rfcv2", "enable_snmp_rfcv3",
            "enable_snmp_checker", "enable_dbus", "dbus_service_name", "script_user", "enable_script_security",
            "vrrp_netlink_cmd_rcv_bufs", "vrrp_netlink_cmd_rcv_bufs_force", "vrrp_netlink_monitor_rcv_bufs",
            "vrrp_netlink_monitor_rcv_bufs_force", "process_monitor_rcv_bufs", "process_monitor_rcv_bufs_force",
            "lvs_netlink_cmd_rcv_bufs", "lvs_netlink_cmd_rcv_bufs_force", "lvs_netlink_monitor_rcv_bufs",
            "lvs_netlink_monitor_rcv_bufs_force", "rs_init_notifies", "no_checker_emails", "vrrp_rx_bufs_policy",
            "vrrp_rx_bufs_multiplier", "vrrp_startup_delay", "log_unknown_vrids", "vmac_prefix", "vmac_addr_prefix", "umask",
            "random_seed", "reload_check_config", "reload_time_file", "reload_repeat", "reload_file", "include_check",
            "config_save_dir", "tmp_config_directory", "data_use_instance", "linkbeat_use_polling"),
        .. Lists("notification_email"),
    ]);

    public static BlockSchema Authentication { get; } = new("authentication", Values("auth_type", "auth_pass"));

    public static BlockSchema VrrpInstance { get; } = new("vrrp_instance", [
        .. Values("use_vmac", "use_vmac_addr", "vmac_xmit_base", "use_ipvlan", "unicast_fault_no_peer", "check_unicast_src",
            "old_unicast_checksum", "native_ipv6", "state", "interface", "vrf", "dont_track_primary", "mcast_src_ip", "unicast_src_ip",
            "mcast_dst_ip", "track_src_ip", "virtual_router_id", "unicast_ttl", "version", "priority", "advert_int",
            "promote_secondaries", "linkbeat_use_polling", "accept", "no_accept", "skip_check_adv_addr", "strict_mode", "preempt",
            "nopreempt", "preempt_delay", "debug", "notify_backup", "notify_master", "notify_fault", "notify_stop", "notify_deleted",
            "notify", "notify_master_rx_lower_pri", "smtp_alert", "notify_priority_changes", "lvs_sync_daemon_interface",
            "garp_master_delay", "garp_master_refresh", "garp_master_repeat", "garp_master_refresh_repeat", "garp_lower_prio_delay",
            "garp_lower_prio_repeat", "down_timer_adverts", "garp_extra_if", "vmac_garp_intvl", "lower_prio_no_advert",
            "higher_prio_send_advert", "kernel_rx_buf_size"),
        .. Lists("unicast_peer", "track_interface", "track_script", "track_file", "track_process", "track_bfd", "virtual_ipaddress",
            "virtual_ipaddress_excluded", "virtual_routes", "virtual_rules"),
        ("authentication", B(Authentication)),
    ]);

    public static BlockSchema SyncGroup { get; } = new("vrrp_sync_group", [
        .. Lists("group", "track_interface", "track_script", "track_file", "track_process", "track_bfd"),
        .. Values("notify_backup", "notify_master", "notify_fault", "notify_stop", "notify", "smtp_alert", "global_tracking",
            "sync_group_tracking_weight", "notify_priority_changes"),
    ]);

    public static BlockSchema VrrpScript { get; } = new("vrrp_script",
        Values("script", "interval", "timeout", "weight", "rise", "fall", "user", "init_fail"));

    public static BlockSchema TrackProcess { get; } = new("vrrp_track_process",
        Values("process", "param_match", "weight", "quorum", "quorum_max", "delay", "terminate_delay", "fork_delay", "full_command"));

    public static BlockSchema TrackFile { get; } = new("track_file", Values("file", "weight", "init_file"));

    public static BlockSchema TrackGroup { get; } = new("track_group", Lists("group"));

    public static BlockSchema GarpGroup { get; } = new("garp_group", [.. Values("garp_interval", "gna_interval", "interface"), .. Lists("interfaces")]);

    public static BlockSchema Bfd { get; } = new("bfd_instance", Values("source_ip", "neighbor_ip", "neighbour_ip", "min_rx", "min_tx",
        "idle_tx", "multiplier", "passive", "ttl", "hoplimit", "max_hops", "weight", "vrrp", "checker"));

    public static BlockSchema Ssl { get; } = new("SSL", Values("password", "ca", "certificate", "key"));

    /// <summary>check_api.c install_checker_common_keywords: connection keywords (all but MISC, FILE and BFD).</summary>
    private static readonly string[] Connection = ["connect_ip", "connect_port", "bindto", "bind_port", "bind_if", "connect_timeout", "fwmark"];

    /// <summary>Whether <paramref name="keyword"/> sets a connection option (a conn_opts_t field in keepalived).</summary>
    public static bool IsConnection(string keyword) => Connection.Contains(keyword);

    /// <summary>check_api.c install_checker_common_keywords: every polled checker.</summary>
    private static readonly string[] Common = ["retry", "delay_before_retry", "warmup", "delay_loop", "alpha", "log_all_failures"];

    public static BlockSchema Url { get; } = new("url", Values("path", "digest", "status_code", "virtualhost", "regex", "regex_no_match",
        "regex_options", "regex_min_offset", "regex_max_offset", "regex_stack"));

    /// <summary>check_http.c install_http_ssl_check_keyword (HTTP_GET and SSL_GET).</summary>
    private static BlockSchema Http(string name) => new(name, [
        .. Values([.. Connection, .. Common, "nb_get_retry", "virtualhost", "http_protocol", "enable_sni", "fast_recovery"]),
        ("url", B(Url)),
    ]);

    public static BlockSchema SmtpHost { get; } = new("host", Values([.. Connection, .. Common]));

    public static BlockSchema Checker(string kind) => CheckerSchemas[kind];

    private static readonly Dictionary<string, BlockSchema> CheckerSchemas = new(StringComparer.Ordinal)
    {
        ["HTTP_GET"] = Http("HTTP_GET"),
        ["SSL_GET"] = Http("SSL_GET"),
        ["TCP_CHECK"] = new("TCP_CHECK", Values([.. Connection, .. Common])),
        ["SMTP_CHECK"] = new("SMTP_CHECK", [.. Values([.. Connection, .. Common, "helo_name"]), ("host", B(SmtpHost))]),
        ["DNS_CHECK"] = new("DNS_CHECK", Values([.. Connection, .. Common, "type", "name"])),
        ["MISC_CHECK"] = new("MISC_CHECK", Values([.. Common, "misc_path", "misc_timeout", "misc_dynamic", "user"])),
        ["FILE_CHECK"] = new("FILE_CHECK", Values("track_file", "weight")),
        ["PING_CHECK"] = new("PING_CHECK", Values([.. Connection, .. Common])),
        ["UDP_CHECK"] = new("UDP_CHECK", Values([.. Connection, .. Common, "payload", "require_reply", "min_reply_length", "max_reply_length"])),
        ["BFD_CHECK"] = new("BFD_CHECK", Values("name", "alpha")),
    };

    /// <summary>The checker block keywords, in check_*.c order.</summary>
    public static IReadOnlyCollection<string> CheckerKinds => CheckerSchemas.Keys;

    public static BlockSchema RealServer { get; } = new("real_server", [
        .. Values("weight", "lvs_method", "uthreshold", "lthreshold", "inhibit_on_failure", "notify_up", "notify_down", "alpha",
            "retry", "delay_before_retry", "warmup", "connect_timeout", "delay_loop", "smtp_alert", "virtualhost", "snmp_name"),
        .. CheckerSchemas.Select(c => (c.Key, B(c.Value))),
    ]);

    public static BlockSchema VirtualServer { get; } = new("virtual_server", [
        .. Values("ip_family", "retry", "delay_before_retry", "warmup", "connect_timeout", "delay_loop", "inhibit_on_failure",
            "lb_algo", "lvs_sched", "hashed", "ops", "flag-1", "flag-2", "flag-3", "sh-port", "sh-fallback", "mh-port", "mh-fallback",
            "lb_kind", "lvs_method", "persistence_engine", "persistence_timeout", "persistence_granularity", "protocol", "ha_suspend",
            "smtp_alert", "virtualhost", "snmp_name", "alpha", "omega", "quorum_up", "quorum_down", "quorum", "hysteresis", "weight",
            "sorry_server", "sorry_server_inhibit", "sorry_server_lvs_method"),
        ("real_server", B(RealServer)),
    ]);

    public static BlockSchema Root { get; } = new("top level", [
        ("global_defs", B(GlobalDefs)),
        ("vrrp_instance", B(VrrpInstance)),
        ("vrrp_sync_group", B(SyncGroup)),
        ("vrrp_script", B(VrrpScript)),
        ("vrrp_track_process", B(TrackProcess)),
        ("track_file", B(TrackFile)),
        ("vrrp_track_file", B(TrackFile)),
        ("track_group", B(TrackGroup)),
        ("garp_group", B(GarpGroup)),
        ("bfd_instance", B(Bfd)),
        ("SSL", B(Ssl)),
        ("virtual_server", B(VirtualServer)),
        .. Lists("static_ipaddress", "static_routes", "static_rules", "linkbeat_interfaces", "interface_up_down_delays", "virtual_server_group"),
        .. Values("linkbeat_use_polling", "net_namespace", "net_namespace_ipvs", "namespace_with_ipsets", "use_pid_dir", "instance",
            "child_wait_time"),
    ]);
}
