using KeepalivedSharp.Config;
using KeepalivedSharp.Linux.Native;
using KeepalivedSharp.Linux.Processes;
using KeepalivedSharp.Notify.Logging;
using KeepalivedSharp.Notify.Security;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Notify.Scripts;

/// <summary>
/// global_defs startup_script and shutdown_script (keepalived core/main.c): the parent runs the startup script before
/// it starts VRRP and the checkers and waits for it; the shutdown script after both have stopped, then exits. No
/// shell; past the timeout the script's process group gets SIGTERM, then SIGKILL (handle_child_timeout). A failing
/// script only logs: keepalived starts (or exits) all the same.
/// </summary>
public sealed class StartStopScript
{
    /// <summary>keepalived's timeout when a script is given without *_script_timeout (global_parser.c startup_shutdown_script).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly ScriptCommand _command;
    private readonly string _type;

    /// <summary>How long the script may run before its group is killed.</summary>
    public TimeSpan Timeout { get; }

    private StartStopScript(ScriptCommand command, string type, TimeSpan timeout)
    {
        _command = command;
        _type = type;
        Timeout = timeout;
    }

    /// <summary>The startup script, checked as keepalived's check_start_stop_script_secure; null when none or refused.</summary>
    public static StartStopScript? Startup(GlobalDefs g, ScriptSecurityPolicy policy, ILogger log)
        => Build(g.StartupScript, g.StartupScriptTimeout, "startup", policy, log);

    /// <summary>The shutdown script, as <see cref="Startup"/>.</summary>
    public static StartStopScript? Shutdown(GlobalDefs g, ScriptSecurityPolicy policy, ILogger log)
        => Build(g.ShutdownScript, g.ShutdownScriptTimeout, "shutdown", policy, log);

    private static StartStopScript? Build(NotifyScript? script, TimeSpan? timeout, string type, ScriptSecurityPolicy policy, ILogger log)
    {
        if (script is null) return null;
        var check = policy.Check(script.Command, $"{type} script", script.User, script.Group);
        foreach (var m in check.Messages) log.StartStopScriptMessage(m);
        return check.Command is { } c ? new StartStopScript(c, type, timeout ?? DefaultTimeout) : null;
    }

    /// <summary>Runs the script to its end (or its kill); never throws for the script's own failure.</summary>
    public async Task RunAsync(ILogger log)
    {
        log.StartStopScriptRunning(_type, _command.Text);
        ProcessOutcome outcome;
        try
        {
            outcome = await ProcessRunner.RunAsync(_command.ToSpec(Timeout)).ConfigureAwait(false);
        }
        catch (LinuxNativeException e)
        {
            log.StartStopScriptCallFailed(_type, _command.Argv[0], e.Message);
            return;
        }
        if (outcome.TimedOut) log.StartStopScriptTimedOut(_type);
        else if (outcome.Status.Exited && outcome.Status.Code != 0) log.StartStopScriptFailed(_type, outcome.Status.Code);
        else if (outcome.Status.Exited) log.StartStopScriptSucceeded(_type);
        else log.StartStopScriptKilled(_type, outcome.Status);
    }
}
