using KeepalivedSharp.Core.Check;

namespace KeepalivedSharp.Host.Check;

/// <summary>
/// The Keepalived_healthcheckers lines users grep for, in keepalived 2.2.7's words (check_tcp.c,
/// check_udp.c, check_ping.c, check_http.c, check_smtp.c, check_dns.c, check_misc.c, check_bfd.c,
/// ipwrapper.c). Real servers print as <c>[addr]:proto:port</c> (<see cref="DestinationKey.ToString(LbProtocol)"/>).
/// </summary>
public static class CheckLogText
{
    /// <summary>A checker passed after being down, or on its first run; null where keepalived logs nothing (check_dns.c dns_final).</summary>
    public static string? Success(CheckerKind kind, string rs, string vs, string? script) => kind switch
    {
        CheckerKind.Tcp => $"TCP connection to {rs} success.",
        CheckerKind.Udp => $"UDP connection to {rs} success.",
        CheckerKind.Ping => $"ICMP connection to {rs} success.",
        CheckerKind.Http or CheckerKind.Ssl => $"Remote Web server {rs} succeed on service.",
        CheckerKind.Smtp => $"Remote SMTP server {rs} succeed on service.",
        CheckerKind.Dns => null,
        CheckerKind.Misc => $"Misc check for [{rs} VS {vs}] by [{script}] succeeded.",
        CheckerKind.Bfd => $"BFD check of RS({rs}) is UP",
        _ => $"({rs}): tracked file {script} leaving FAULT state",
    };

    /// <summary>
    /// The line after the cause when a checker goes down (its last retry failed, or its first run); null where
    /// keepalived logs the cause only (check_smtp.c smtp_final, check_dns.c dns_final: see <see cref="FinalCause"/>).
    /// </summary>
    public static string? Failure(CheckerKind kind, string rs, string vs, string? script, int retries)
    {
        var after = retries > 0 ? $" after {retries} retries" : "";
        return kind switch
        {
            CheckerKind.Tcp => $"TCP_CHECK on service {rs} failed{after}.",
            CheckerKind.Udp => $"UDP_CHECK on service {rs} failed{after}.",
            CheckerKind.Ping => $"ICMP CHECK on service {rs} failed{after}.",
            CheckerKind.Http => $"HTTP_CHECK on service {rs} failed{after}.",
            CheckerKind.Ssl => $"SSL_CHECK on service {rs} failed{after}.",
            CheckerKind.Smtp or CheckerKind.Dns => null,
            CheckerKind.Misc => Misc(rs, vs, script, null, retries, 0),
            CheckerKind.Bfd => $"BFD check of RS({rs}) is DOWN",
            _ => $"({rs}): tracked file {script} now FAULT state",
        };
    }

    /// <summary>
    /// check_misc.c misc_check_child_thread's failure line: "failed" with the reason in brackets, or "timed out";
    /// <paramref name="retryIt"/> 0 is the last attempt (" after N retries", " with retry disabled"), 1 the
    /// scheduled check (", will do N retries"), more a retry (" on retry K/N"), the last two with log_all_failures.
    /// </summary>
    public static string Misc(string rs, string vs, string? script, string? detail, int retry, int retryIt)
    {
        string Retries(int n) => n == 1 ? "retry" : "retries";
        var message = retry == 0 ? " with retry disabled"
            : retryIt == 1 ? $", will do {retry} {Retries(retry)}"
            : retryIt > 1 ? $" on retry {retryIt - 1}/{retry}"
            : $" after {retry} {Retries(retry)}";
        var timedOut = detail == Probes.Misc.MiscProbe.TimedOut;
        var reason = !timedOut && detail is { Length: > 0 } ? $" ({detail})" : "";
        return $"Misc check for [{rs} VS {vs}] by [{script}] {(timedOut ? "timed out" : "failed")}{message}{reason}.";
    }

    /// <summary>The cause as logged when the checker goes down: DNS_CHECK appends " after N retries" (check_dns.c dns_final).</summary>
    public static string FinalCause(CheckerKind kind, string detail, int retries) =>
        kind == CheckerKind.Dns && retries > 0 ? $"{detail} after {retries} retries" : detail;

    /// <summary>ipwrapper.c perform_svr_state: Adding/Removing, or Enabling/Disabling when inhibited.</summary>
    public static string ServerState(bool alive, bool inhibit, string rs, string vs) => inhibit
        ? $"{(alive ? "Enabling" : "Disabling")} service {rs} of VS {vs}"
        : alive ? $"Adding service {rs} to VS {vs}" : $"Removing service {rs} from VS {vs}";

    /// <summary>ipwrapper.c clear_service_rs: a server leaving at reload or shutdown.</summary>
    public static string Cleared(ClearReason reason, bool inhibited, string rs, string vs) =>
        $"{(reason == ClearReason.Stopping ? "Shutting down" : "Removing")} {(inhibited ? "(inhibited) " : "")}service {rs} from VS {vs}";

    /// <summary>ipwrapper.c update_quorum_state: the threshold is quorum ± hysteresis.</summary>
    public static string Quorum(QuorumChanged q) => q.Up
        ? $"Gained quorum {q.Quorum}+{q.Hysteresis}={q.Quorum + q.Hysteresis} <= {q.Alive} for VS {q.VirtualServer}"
        : $"{(q.Startup ? "Starting with quorum down" : "Lost quorum")} {q.Quorum}-{q.Hysteresis}={q.Quorum - q.Hysteresis} > {q.Alive} for VS {q.VirtualServer}";

    /// <summary>ipwrapper.c update_rs_weight (keepalived prints the weights clamped to 0..INT32_MAX).</summary>
    public static string Weight(WeightChanged w, string rs) =>
        $"Changing weight from {Destination.RealWeight(w.From)} to {Destination.RealWeight(w.To)} for {(w.Alive ? "" : "in")}active service {rs} of VS {w.VirtualServer}";
}
