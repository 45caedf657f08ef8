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

/// <summary>The IPVS globals of global_defs: lvs_timeouts, lvs_flush, lvs_flush_on_stop.</summary>
public sealed record LvsSettings
{
    public LvsTimeouts Timeouts { get; init; }
    /// <summary>lvs_flush: flush the whole IPVS table at start (not at a reload).</summary>
    public bool Flush { get; init; }
    public LvsFlushOnStop FlushOnStop { get; init; }
}
