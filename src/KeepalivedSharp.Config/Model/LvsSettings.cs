using System.Net;

namespace KeepalivedSharp.Config;

/// <summary>lvs_flush_on_stop (global_data.h lvs_flush_type_t).</summary>
public enum LvsFlushOnStop
{
    /// <summary>Not given: each real server, then each virtual service of ours is deleted (clear_service_vs).</summary>
    None,
    /// <summary>No argument: the whole IPVS table is flushed (ipvs_flush_cmd), others' entries too.</summary>
    Full,
    /// <summary><c>VS</c>: our virtual services are deleted without deleting their real servers first.</summary>
    Vs,
}

/// <summary>
/// lvs_timeouts in seconds (IPVS_CMD_SET_CONFIG); 0 = not given, the kernel's value is kept, as
/// keepalived's ipvs_timeout_t where 0 means unset.
/// </summary>
public readonly record struct LvsTimeouts(uint Tcp, uint TcpFin, uint Udp)
{
    /// <summary>global_data.h LVS_MAX_TIMEOUT: 31 days.</summary>
    public const uint Max = 86400 * 31;

    public bool Any => Tcp != 0 || TcpFin != 0 || Udp != 0;
}

/// <summary>
/// lvs_sync_daemon (ipvswrapper.h struct lvs_syncd_config). With <see cref="Instance"/> the VRRP side runs the
/// daemon that follows the instance's state (backup, master while it is MASTER); without, the checker runs
/// master and backup together. 0 and null are "not given": the kernel's defaults apply.
/// </summary>
public sealed record LvsSyncDaemon(string Interface)
{
    /// <summary>The kernel's mcast_ifn: IP_VS_IFNAME_MAXLEN with its NUL.</summary>
    public const int MaxInterfaceLength = 15;
    /// <summary>global_parser.c: maxlen in [1, 65535 - 20 - 8] (IP and UDP headers).</summary>
    public const int MaxMaxLength = 65535 - 20 - 8;

    /// <summary>The VRRP instance it follows (lvs_sync_daemon IF NAME, or the instance of lvs_sync_daemon_interface).</summary>
    public string? Instance { get; init; }
    /// <summary>0..255; null until the config check resolves it: the instance's VRID, else 0 (vrrp.c vrrp_complete_init).</summary>
    public int? SyncId { get; init; }
    public ushort MaxLength { get; init; }
    public ushort Port { get; init; }
    public byte Ttl { get; init; }
    /// <summary>A multicast group, IPv4 or IPv6; null = the kernel's 224.0.0.81.</summary>
    public IPAddress? Group { get; init; }
    /// <summary>Where it was given, for -t's messages about it.</summary>
    public SourceLocation Location { get; init; }

    /// <summary>ipvswrapper.c ipvs_syncd_changed: what a reload compares (not the instance).</summary>
    public bool SameDaemon(LvsSyncDaemon? other) => other is not null && other.Interface == Interface && other.SyncId == SyncId
        && other.MaxLength == MaxLength && other.Port == Port && other.Ttl == Ttl && Equals(other.Group, Group);
}

/// <summary>The IPVS globals of global_defs: lvs_timeouts, lvs_flush, lvs_flush_on_stop, lvs_sync_daemon.</summary>
public sealed record LvsSettings
{
    public LvsTimeouts Timeouts { get; init; }
    /// <summary>lvs_flush: flush the whole IPVS table at start (not at a reload).</summary>
    public bool Flush { get; init; }
    public LvsFlushOnStop FlushOnStop { get; init; }
    /// <summary>lvs_sync_daemon; null when not given, or cleared by the check (its instance does not exist).</summary>
    public LvsSyncDaemon? SyncDaemon { get; init; }
}
