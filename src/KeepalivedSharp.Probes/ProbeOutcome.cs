namespace KeepalivedSharp.Probes;

/// <summary>
/// What one attempt found, as <see cref="Core.Check.CheckEngine.ProbeDone"/> takes it.
/// <see cref="ExitStatus"/> is MISC_CHECK's exit code (null when killed or timed out);
/// <see cref="Detail"/> is the reason in keepalived's words, logged on failure.
/// </summary>
public readonly record struct ProbeOutcome(bool Success, string? Detail = null, int? ExitStatus = null)
{
    public static ProbeOutcome Up(string? detail = null) => new(true, detail);

    public static ProbeOutcome Failed(string detail) => new(false, detail);
}
