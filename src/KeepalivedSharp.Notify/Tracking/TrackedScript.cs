using KeepalivedSharp.Linux.Processes;
using KeepalivedSharp.Notify.Scripts;

namespace KeepalivedSharp.Notify.Tracking;

/// <summary>One vrrp_script to run: every <see cref="Interval"/>, killed after <see cref="Timeout"/> (the effective settings' value).</summary>
public sealed record TrackedScript(string Name, ScriptCommand Command, TimeSpan Interval, TimeSpan Timeout);

/// <summary>
/// One finished run. <see cref="Success"/> is what goes to <c>VrrpEngine.ScriptResult</c>: exit status 0, not timed
/// out, not killed. <see cref="Outcome"/> is null when the script could not be started (<see cref="Error"/> says why).
/// </summary>
public sealed record ScriptRunResult(string Name, bool Success, ProcessOutcome? Outcome, string? Error)
{
    public bool TimedOut => Outcome?.TimedOut == true;
}
