namespace KeepalivedSharp.Core.Vrrp;

/// <summary>Instance states: RFC 5798 §6.4 (Initialize, Backup, Master) plus keepalived's FAULT and STOP.</summary>
public enum VrrpState
{
    Init,
    Backup,
    Master,
    Fault,
    Stop,
    /// <summary>keepalived's VRRP_STATE_DELETED: an instance a reload removed, in its last notification only.</summary>
    Deleted,
}

public static class VrrpStateNames
{
    /// <summary>The upper-case names keepalived prints and passes to notify scripts.</summary>
    public static string ToKeepalived(this VrrpState state) => state switch
    {
        VrrpState.Init => "INIT",
        VrrpState.Backup => "BACKUP",
        VrrpState.Master => "MASTER",
        VrrpState.Fault => "FAULT",
        VrrpState.Stop => "STOP",
        VrrpState.Deleted => "DELETED",
        _ => "UNKNOWN",
    };
}
