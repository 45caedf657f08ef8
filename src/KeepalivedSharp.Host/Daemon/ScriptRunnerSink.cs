using KeepalivedSharp.Host.Ports;
using KeepalivedSharp.Notify.Tracking;

namespace KeepalivedSharp.Host.Daemon;

/// <summary>The script port over the daemon's process runner.</summary>
internal sealed class ScriptRunnerSink(ScriptRunner runner) : IScriptRunner
{
    public void Run(string script, long run) => runner.Run(script, run);

    public void Kill(string script, long run, TimeSpan timeout) => runner.Kill(script, run, timeout);

    public void Skipped(string script, bool timingOut) => runner.Skipped(script, timingOut);
}
