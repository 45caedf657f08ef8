using KeepalivedSharp.Linux.Processes;
using KeepalivedSharp.Notify.Scripts;

namespace KeepalivedSharp.Notify.Tracking;

/// <summary>One vrrp_script's command, checked by script security; when it runs is the engine's business.</summary>
public sealed record TrackedScript(string Name, ScriptCommand Command);

/// <summary>
/// One finished run, with the run number the engine gave it. <see cref="Success"/> is what goes to
/// <c>VrrpEngine.ScriptResult</c>: exit status 0, not killed. <see cref="Outcome"/> is null when the
/// script could not be started (<see cref="Error"/> says why).
/// </summary>
public sealed record ScriptRunResult(string Name, long Run, bool Success, ProcessOutcome? Outcome, string? Error)
{
    /// <summary>The run was stopped by us (the engine's timeout, or a reload).</summary>
    public bool Stopped => Outcome?.Stopped == true;
}
