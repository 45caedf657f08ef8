namespace KeepalivedSharp.Core.Check;

/// <summary>Names one checker: its virtual server, real server and position among that server's checkers.</summary>
public readonly record struct CheckerRef(string VirtualServer, DestinationKey RealServer, int Index)
{
    public override string ToString() => $"{RealServer} #{Index} of VS {VirtualServer}";
}

/// <summary>What the check engine asks the host to do or to report. The engine performs no I/O.</summary>
public abstract record CheckAction;

/// <summary>
/// Start one probe now; answer with <see cref="CheckEngine.ProbeDone"/> quoting <see cref="Probe"/>.
/// <see cref="Url"/> is the HTTP_GET/SSL_GET url to fetch (keepalived checks one url per run).
/// </summary>
public sealed record RunProbe(CheckerRef Checker, long Probe, int Url) : CheckAction;

/// <summary>
/// A probe's verdict as the engine counted it. <see cref="Up"/> is the checker's state after it;
/// <see cref="Changed"/> says it went up or down; <see cref="Retry"/> is the attempt number while
/// retrying (keepalived's "will do N retries" / "after N retries" lines). <see cref="First"/> marks the
/// checker's first verdict (keepalived's !has_run: its success or failure is logged even without a change).
/// </summary>
public sealed record CheckerResult(CheckerRef Checker, bool Success, bool Up, bool Changed, int Retry, int Url, string? Detail, bool First = false) : CheckAction;

/// <summary>A probe could not run on our side; no verdict, the next attempt is after delay_loop.</summary>
public sealed record ProbeRescheduled(CheckerRef Checker, string? Detail) : CheckAction;

/// <summary>A real server joined (<see cref="Up"/>) or left the set of live servers. <see cref="Initial"/> marks
/// the notify_down an alpha checker's failed first run sends though the server was never up.</summary>
public sealed record RealServerChanged(string VirtualServer, DestinationKey RealServer, bool Up, bool Initial) : CheckAction;

/// <summary>
/// A real server's effective weight changed (misc_dynamic, FILE_CHECK, reload). <see cref="Alive"/> is whether it
/// was in the pool when the weight changed (keepalived's "for [in]active service", update_rs_weight).
/// </summary>
public sealed record WeightChanged(string VirtualServer, DestinationKey RealServer, long From, long To, bool Alive) : CheckAction;

/// <summary>
/// Quorum was gained or lost: <see cref="Alive"/> is the sum of live weights against
/// <see cref="Quorum"/> ± <see cref="Hysteresis"/>. <see cref="Startup"/> marks keepalived's startup
/// gain (quorum_up runs at start) and "Starting with quorum down".
/// <see cref="Cleared"/> marks the loss that removing the virtual server at reload or shutting down
/// causes (ipwrapper.c update_vs_notifies): no log line, and at shutdown the mail says "=&gt; Shutting down &lt;=".
/// </summary>
public sealed record QuorumChanged(string VirtualServer, bool Up, long Alive, long Quorum, long Hysteresis, bool Startup,
    ClearReason? Cleared = null) : CheckAction;

/// <summary>Why a real server leaves the table without a check saying so (ipwrapper.c clear_service_rs).</summary>
public enum ClearReason
{
    /// <summary>A reload dropped it, or its virtual server ("Removing service ...", "=&gt; Removing &lt;=").</summary>
    Removed,
    /// <summary>The checkers stop ("Shutting down service ...", "=&gt; Shutting down &lt;=").</summary>
    Stopping,
}

/// <summary>
/// A real server that was in the table leaves it because of <see cref="Reason"/>; keepalived logs that
/// for every such server. <see cref="Notify"/> says notify_down, the FIFO line and the mail follow: it was
/// alive, and at shutdown only with omega. <see cref="Inhibited"/> marks a failed server kept at weight 0.
/// </summary>
public sealed record RealServerCleared(string VirtualServer, DestinationKey RealServer, ClearReason Reason, bool Inhibited, bool Notify)
    : CheckAction;

/// <summary>ha_suspend: the virtual server's checkers were suspended (VIP absent) or activated.</summary>
public sealed record CheckersSuspended(string VirtualServer, bool Suspended) : CheckAction;

/// <summary>
/// The desired table changed; the host applies the diff from what it holds. <see cref="Change"/> names what changed
/// since the table before (a real server's verdict); null after start, a reload or stop, when the host diffs the whole table.
/// </summary>
public sealed record TableChanged(LoadBalancerTable Table, TableChange? Change = null) : CheckAction;

/// <summary>Call <see cref="CheckEngine.Tick"/> at this monotonic time (emitted when the earliest deadline changes).</summary>
public sealed record CheckTimer(TimeSpan At) : CheckAction;
