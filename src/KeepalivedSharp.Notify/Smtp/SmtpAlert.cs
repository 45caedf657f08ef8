using KeepalivedSharp.Core.Vrrp;

namespace KeepalivedSharp.Notify.Smtp;

/// <summary>One alert mail: keepalived's subject and body (keepalived/core/smtp.c smtp_alert, vrrp/vrrp_notify.c).</summary>
public sealed record SmtpAlert(string Subject, string Body)
{
    /// <summary>
    /// "[router_id] VRRP Instance VI_1 - Entering MASTER state" with "=> VRRP Instance is now owning VRRP VIPs &lt;=",
    /// or the "VRRP Group" variants; null for a state keepalived sends no mail for.
    /// </summary>
    public static SmtpAlert? ForTransition(NotifyKind kind, string name, VrrpState state, string routerId)
    {
        var group = kind == NotifyKind.Group;
        (string Subject, string Body)? text = state switch
        {
            VrrpState.Master => ("Entering MASTER state", group ? "=> All VRRP group instances are now in MASTER state <=" : "=> VRRP Instance is now owning VRRP VIPs <="),
            VrrpState.Backup => ("Entering BACKUP state", group ? "=> All VRRP group instances are now in BACKUP state <=" : "=> VRRP Instance is no longer owning VRRP VIPs <="),
            VrrpState.Fault => ("Entering FAULT state", group ? "=> All VRRP group instances are now in FAULT state <=" : "=> VRRP Instance is no longer owning VRRP VIPs <="),
            VrrpState.Stop => ("Stopping", group ? "=> All VRRP group instances are now stopping <=" : "=> VRRP Instance stopping <="),
            VrrpState.Deleted when !group => ("Deleted", "=> VRRP Deleted at reload <="),
            _ => null,
        };
        if (text is not { } t) return null;
        return Create($"[{routerId}] VRRP {(group ? "Group" : "Instance")} {name} - {t.Subject}", t.Body);
    }

    /// <summary>keepalived truncates the subject to 255 bytes and the body to 511 (smtp.c, MAX_HEADERS_LENGTH / MAX_BODY_LENGTH).</summary>
    public static SmtpAlert Create(string subject, string body) =>
        new(subject.Length > 255 ? subject[..255] : subject, body.Length > 511 ? body[..511] : body);
}
