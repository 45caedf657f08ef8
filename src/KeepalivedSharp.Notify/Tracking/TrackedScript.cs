using KeepalivedSharp.Linux.Processes;
using KeepalivedSharp.Notify.Scripts;

namespace KeepalivedSharp.Notify.Tracking;

/// <summary>One vrrp_script to run: every <see cref="Interval"/>, killed after <see cref="Timeout"/> (default: the interval).</summary>
public sealed record TrackedScript(string Name, ScriptCommand Command, TimeSpan Interval, TimeSpan? Timeout = null)
{
    /// <summary>keepalived: the script's timeout, or its interval when none is set (vrrp_script_thread).</summary>
    public TimeSpan EffectiveTimeout => Timeout is { } t && t > TimeSpan.Zero ? t : Interval;
}

/// <summary>
/// One finished run. <see cref="Success"/> is what goes to <c>VrrpEngine.ScriptResult</c>: exit status 0, not timed
/// out, not killed. <see cref="Outcome"/> is null when the script could not be started (<see cref="Error"/> says why).
/// </summary>
public sealed record ScriptRunResult(string Name, bool Success, ProcessOutcome? Outcome, string? Error)
{
    public bool TimedOut => Outcome?.TimedOut == true;
}
