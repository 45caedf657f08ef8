using System.Collections.Immutable;
using System.Net;

namespace KeepalivedSharp.Config;

/// <summary><c>global_defs</c>. Defaults are keepalived 2.2.7's.</summary>
public sealed record GlobalDefs
{
    public string? RouterId { get; init; }
    public int VrrpVersion { get; init; } = 2;
    public ImmutableArray<string> NotificationEmails { get; init; } = [];
    public string? NotificationEmailFrom { get; init; }
    public string? SmtpServer { get; init; }
    public int SmtpServerPort { get; init; } = 25;
    public TimeSpan SmtpConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public string? SmtpHeloName { get; init; }
    public bool? SmtpAlert { get; init; }
    public bool? SmtpAlertVrrp { get; init; }
    public bool? SmtpAlertChecker { get; init; }
    /// <summary>no_checker_emails: a checker's mail only when its real server's state changes too.</summary>
    public bool NoCheckerEmails { get; init; }
    public bool EnableScriptSecurity { get; init; }
    public string? ScriptUser { get; init; }
    public string? ScriptGroup { get; init; }
    public TimeSpan VrrpGarpInterval { get; init; }
    public TimeSpan VrrpGnaInterval { get; init; }
    public TimeSpan VrrpGarpMasterDelay { get; init; } = TimeSpan.FromSeconds(5);
    public int VrrpGarpMasterRepeat { get; init; } = 5;
    /// <summary>vrrp_down_timer_adverts: the default of every instance's down_timer_adverts (vrrp_data.c alloc_vrrp).</summary>
    public int VrrpDownTimerAdverts { get; init; } = 3;
    /// <summary>vrrp_garp_extra_if: the default of every instance's garp_extra_if.</summary>
    public GarpExtraIf VrrpGarpExtraIf { get; init; } = GarpExtraIf.GlobalDefault;
    public TimeSpan VrrpGarpMasterRefresh { get; init; }
    public int VrrpGarpMasterRefreshRepeat { get; init; } = 1;
    /// <summary>null = not written (keepalived then uses the instance's garp_master_delay).</summary>
    public TimeSpan? VrrpGarpLowerPrioDelay { get; init; }
    public int? VrrpGarpLowerPrioRepeat { get; init; }
    public bool VrrpLowerPrioNoAdvert { get; init; }
    public bool VrrpHigherPrioSendAdvert { get; init; }
    public bool VrrpStrict { get; init; }
    public bool VrrpCheckUnicastSrc { get; init; }
    public bool VrrpSkipCheckAdvAddr { get; init; }
    public IPAddress VrrpMcastGroup4 { get; init; } = IPAddress.Parse("224.0.0.18");
    public IPAddress VrrpMcastGroup6 { get; init; } = IPAddress.Parse("ff02::12");
    public string? NotifyFifo { get; init; }
    public NotifyScript? NotifyFifoScript { get; init; }
    public string? VrrpNotifyFifo { get; init; }
    public NotifyScript? VrrpNotifyFifoScript { get; init; }
    public bool VrrpNotifyPriorityChanges { get; init; }
    /// <summary><c>fifo_write_vrrp_states_on_reload</c>: at reload, the FIFO gets the state of every instance and group that kept it.</summary>
    public bool FifoWriteVrrpStatesOnReload { get; init; }
    public string? DefaultInterface { get; init; }
    public bool DynamicInterfaces { get; init; }
    public TimeSpan? VrrpStartupDelay { get; init; }
    public NotifyScript? StartupScript { get; init; }
    public NotifyScript? ShutdownScript { get; init; }
    /// <summary>startup_script_timeout, whole seconds 1..1000; null = keepalived's 10 s (StartStopScript.DefaultTimeout).</summary>
    public TimeSpan? StartupScriptTimeout { get; init; }
    /// <summary>shutdown_script_timeout, as <see cref="StartupScriptTimeout"/>.</summary>
    public TimeSpan? ShutdownScriptTimeout { get; init; }
    /// <summary>Dump file locations (keepalived: <c>/tmp/keepalived.data</c>, <c>.stats</c>, <c>.json</c> under tmp_config_directory).</summary>
    public string? TmpConfigDirectory { get; init; }
    public bool DataUseInstance { get; init; }
    /// <summary>log_unknown_vrids: log adverts for VRIDs no instance has (keepalived logs none without it).</summary>
    public bool LogUnknownVrids { get; init; }
    /// <summary><c>nftables [NAME]</c>: the table of VRRP's drop rules (keepalived vrrp_nftables.c; null = not written, "keepalived" when an instance needs it).</summary>
    public string? VrrpNftTable { get; init; }
    /// <summary>vrrp_nftables.h DEFAULT_NFTABLES_TABLE.</summary>
    public const string DefaultNftTable = "keepalived";
    /// <summary>The table VRRP's drop rules go in.</summary>
    public string EffectiveNftTable => VrrpNftTable ?? DefaultNftTable;
    /// <summary><c>nftables_priority</c>: the base chains' priority (keepalived: -1).</summary>
    public int VrrpNftPriority { get; init; } = -1;
    /// <summary><c>nftables_counters</c>: a counter in each drop rule.</summary>
    public bool NftCounters { get; init; }
    /// <summary>vrrp_priority, vrrp_rt_priority, vrrp_cpu_affinity, vrrp_no_swap, vrrp_rlimit_rttime.</summary>
    public SchedulingSettings VrrpProcess { get; init; } = new();
    /// <summary>checker_priority, checker_rt_priority, checker_cpu_affinity, checker_no_swap, checker_rlimit_rttime.</summary>
    public SchedulingSettings CheckerProcess { get; init; } = new();
    /// <summary>max_auto_priority: raise to SCHED_RR, up to this priority, when a timer runs late; 0 = off (keepalived's default).</summary>
    public int MaxAutoPriority { get; init; }
    /// <summary>min_auto_priority_delay: how late a timer must run to raise the priority (keepalived: 1 s).</summary>
    public TimeSpan MinAutoPriorityDelay { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>umask: the process's file mode mask; null = keepalived's default, which ours shares.</summary>
    public int? Umask { get; init; }
    /// <summary>lvs_timeouts, lvs_flush, lvs_flush_on_stop (the IPVS backend applies them).</summary>
    public LvsSettings Lvs { get; init; } = new();
    /// <summary>Keywords known to keepalived but not modelled with typed fields, kept as written.</summary>
    public ImmutableArray<RawSetting> OtherSettings { get; init; } = [];
}
