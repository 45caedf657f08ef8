namespace KeepalivedSharp.Probes;

/// <summary>
/// What one attempt found, as <see cref="Core.Check.CheckEngine.ProbeDone"/> takes it.
/// <see cref="ExitStatus"/> is MISC_CHECK's exit code (null when killed or timed out);
/// <see cref="Detail"/> is the reason in keepalived's words, logged on failure.
/// <see cref="Rescheduled"/>: no verdict, the attempt could not run on our side (a socket or bind
/// failure); keepalived logs "... Rescheduling." and tries again after delay_loop
/// (check_tcp.c tcp_connect_thread), see <see cref="Core.Check.CheckEngine.ProbeSkipped"/>.
/// </summary>
public readonly record struct ProbeOutcome(bool Success, string? Detail = null, int? ExitStatus = null, bool Rescheduled = false)
{
    public static ProbeOutcome Up(string? detail = null) => new(true, detail);

    public static ProbeOutcome Failed(string detail) => new(false, detail);

    public static ProbeOutcome Reschedule(string detail) => new(false, detail, Rescheduled: true);

    /// <summary>A probe's own defect: that checker's failure, with its reason, never the loop's.</summary>
    public static ProbeOutcome Defect(Exception e) => Failed($"probe error: {e.GetType().Name}: {e.Message}");
}
