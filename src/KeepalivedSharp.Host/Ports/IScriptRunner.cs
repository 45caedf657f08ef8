namespace KeepalivedSharp.Host.Ports;

/// <summary>
/// Where the engine's vrrp_script actions go: processes in the daemon, virtual runs in the
/// simulator. Results come back as <see cref="Vrrp.ScriptInput"/> with the run's number.
/// </summary>
public interface IScriptRunner
{
    /// <summary>Start run <paramref name="run"/> of <paramref name="script"/>.</summary>
    void Run(string script, long run);

    /// <summary>The run timed out: kill it (TERM, then KILL); its result still comes when it is reaped.</summary>
    void Kill(string script, long run, TimeSpan timeout);

    /// <summary>A run was due while the last was still going (logged).</summary>
    void Skipped(string script, bool timingOut);
}
