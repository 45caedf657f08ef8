using KeepalivedSharp.Notify.Scripts;

namespace KeepalivedSharp.Notify.Notifications;

/// <summary>The notify scripts of one vrrp_instance or vrrp_sync_group, already checked, and whether it sends mail.</summary>
public sealed record NotifyTargets
{
    public ScriptCommand? Master { get; init; }
    public ScriptCommand? Backup { get; init; }
    public ScriptCommand? Fault { get; init; }
    public ScriptCommand? Stop { get; init; }
    /// <summary>notify_deleted's script (instances only): run, without arguments, when a reload removes the instance.</summary>
    public ScriptCommand? Deleted { get; init; }
    /// <summary>notify_master_rx_lower_pri (instances only): run, without arguments, when a MASTER hears a lower priority.</summary>
    public ScriptCommand? MasterRxLowerPri { get; init; }
    /// <summary><c>notify</c>: gets INSTANCE|GROUP, the name, the state and the priority appended.</summary>
    public ScriptCommand? Generic { get; init; }
    /// <summary>smtp_alert after keepalived's defaulting (instance/group, else smtp_alert_vrrp, else smtp_alert, else off).</summary>
    public bool SmtpAlert { get; init; }
}
