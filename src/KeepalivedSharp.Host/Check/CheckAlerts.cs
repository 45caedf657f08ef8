using KeepalivedSharp.Core.Check;

using KeepalivedSharp.Notify.Smtp;

namespace KeepalivedSharp.Host.Check;

/// <summary>The checkers' alert mails in keepalived's words (smtp.c smtp_alert; check_*.c; ipwrapper.c do_vs_notifies).</summary>
public static class CheckAlerts
{
    /// <summary>"[router_id] Realserver RS of virtual server VS - UP|DOWN" with the checker's own body (SMTP_MSG_RS).</summary>
    public static SmtpAlert RealServer(string routerId, string rs, string vs, bool alive, string body) =>
        SmtpAlert.Create($"[{routerId}] Realserver {rs} of virtual server {vs} - {(alive ? "UP" : "DOWN")}", body);

    /// <summary>"[router_id] Virtualserver VS - UP|DOWN", "=> Gained quorum 1+0=1 &lt;= 2 &lt;=" (SMTP_MSG_VS).</summary>
    public static SmtpAlert Quorum(string routerId, QuorumChanged q)
    {
        if (q.Cleared == ClearReason.Stopping)
            return SmtpAlert.Create($"[{routerId}] Virtualserver {q.VirtualServer} - DOWN", Cleared(ClearReason.Stopping));
        var what = q.Up ? q.Startup ? "Starting with quorum up" : "Gained quorum" : q.Startup ? "Starting with quorum down" : "Lost quorum";
        // threshold is quorum + hysteresis going up, quorum - hysteresis going down (ipwrapper.c update_quorum_state).
        long threshold = q.Up ? q.Quorum + q.Hysteresis : q.Quorum - q.Hysteresis;
        return SmtpAlert.Create($"[{routerId}] Virtualserver {q.VirtualServer} - {(q.Up ? "UP" : "DOWN")}",
            $"=> {what} {q.Quorum}+{q.Hysteresis}={threshold} <= {q.Alive} <=");
    }

    /// <summary>ipwrapper.c clear_service_rs and do_vs_notifies: the body when a reload or shutdown takes a server out.</summary>
    public static string Cleared(ClearReason reason) => reason == ClearReason.Stopping ? "=> Shutting down <=" : "=> Removing <=";

    /// <summary>A checker's body as each check_*.c words it; null for FILE_CHECK, which sends none.</summary>
    public static string? CheckerBody(CheckerKind kind, bool success, string? detail, string? bfdName = null) => kind switch
    {
        CheckerKind.Tcp => success ? "=> TCP CHECK succeed on service <=" : "=> TCP CHECK failed on service <=",
        CheckerKind.Http or CheckerKind.Ssl => success ? "=> CHECK succeed on service <=" : "=> CHECK failed on service : HTTP request failed <=",
        CheckerKind.Smtp => success ? "=> CHECK succeed on service <=" : detail is null ? "=> CHECK failed on service <=" : $"=> CHECK failed on service : {detail} <=",
        CheckerKind.Dns => success ? "=> DNS_CHECK: succeed on service <=" : "=> DNS_CHECK: failed on service <=",
        CheckerKind.Ping => success ? "=> ICMP CHECK succeed on service <=" : "=> ICMP CHECK failed on service <=",
        CheckerKind.Udp => success ? "=> UDP CHECK succeed on service <=" : "=> UDP CHECK failed on service <=",
        CheckerKind.Misc => $"=> MISC CHECK {(success ? "succeeded" : detail == Probes.Misc.MiscProbe.TimedOut ? "timed out" : "failed")} on service <=",
        CheckerKind.Bfd => $"=> BFD CHECK {bfdName} {(success ? "succeeded" : "failed")} on service <=",
        _ => null,
    };
}
