namespace KeepalivedSharp.Core.Vrrp;

/// <summary>Why a state changed. Every transition carries one, so "no change without a cause" can be checked.</summary>
public enum TransitionReason
{
    Startup,
    /// <summary>Master_Down_Timer fired in BACKUP (RFC 5798 §6.4.2).</summary>
    MasterDown,
    /// <summary>Address owner (priority 255) takes over at once (RFC 5798 §6.4.1).</summary>
    Owner,
    /// <summary>A MASTER heard a higher priority (or equal priority, higher address) advert (RFC 5798 §6.4.3).</summary>
    HigherPriorityAdvert,
    /// <summary>A tracker, the interface, or a sync-group member failed.</summary>
    Fault,
    /// <summary>The fault cleared.</summary>
    FaultCleared,
    /// <summary>Trackers finished their first run.</summary>
    TrackersReady,
    /// <summary>A sync-group member moved and pulled this one along.</summary>
    SyncGroup,
    /// <summary>One of a MASTER's addresses was deleted by hand: step down for a quick re-election (keepalived).</summary>
    AddressDeleted,
    /// <summary>The instance is gone from the reloaded config.</summary>
    Removed,
    /// <summary>Graceful stop.</summary>
    Shutdown,
}
