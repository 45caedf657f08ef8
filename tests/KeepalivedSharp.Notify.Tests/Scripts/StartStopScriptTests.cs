using KeepalivedSharp.Config;
using KeepalivedSharp.Linux.Processes;
using KeepalivedSharp.Notify.Scripts;
using KeepalivedSharp.Notify.Security;

namespace KeepalivedSharp.Notify.Tests.Scripts;

/// <summary>startup_script / shutdown_script as keepalived core/main.c runs them: no shell, waited for, killed at the timeout.</summary>
public sealed class StartStopScriptTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly ListLogger _log = new();
    private static readonly ScriptSecurityPolicy Policy = new(false, ProcessCredentials.Current, null);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Startup_RunsWithoutShell_AndIsWaitedFor()
    {
        var trace = _dir.File("trace");
        var script = _dir.Script("up.sh", $"sleep 0.3; printf '%s|' \"$@\" > {trace}");
        var s = StartStopScript.Startup(new GlobalDefs { StartupScript = new NotifyScript($"{script} a '$HOME b'") }, Policy, _log);
        Assert.NotNull(s);
        Assert.Equal(StartStopScript.DefaultTimeout, s.Timeout);
        await s.RunAsync(_log).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("a|$HOME b|", File.ReadAllText(trace)); // done when RunAsync ends; no shell expanded $HOME
        Assert.Contains($"Running startup script {script} a '$HOME b'", _log.WithId(5060));
        Assert.Equal(["startup script script succeeded"], _log.WithId(5062));
    }

    [Fact]
    public async Task Shutdown_FailingStatus_LoggedInKeepalivedsWords()
    {
        var script = _dir.Script("down.sh", "exit 3");
        var s = StartStopScript.Shutdown(new GlobalDefs { ShutdownScript = new NotifyScript(script), ShutdownScriptTimeout = TimeSpan.FromSeconds(5) }, Policy, _log)!;
        Assert.Equal(TimeSpan.FromSeconds(5), s.Timeout);
        await s.RunAsync(_log).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["shutdown script script failed, status 3"], _log.WithId(5061));
    }

    [Fact]
    public async Task Timeout_KillsTheWholeProcessGroup()
    {
        var pidFile = _dir.File("child.pid");
        var script = _dir.Script("hang.sh", $"sleep 60 & echo $! > {pidFile}; wait");
        var s = StartStopScript.Startup(new GlobalDefs { StartupScript = new NotifyScript(script), StartupScriptTimeout = TimeSpan.FromSeconds(1) }, Policy, _log)!;
        var started = DateTime.UtcNow;
        await s.RunAsync(_log).WaitAsync(TimeSpan.FromSeconds(15));
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(8));
        Assert.Equal(["startup script timed out"], _log.WithId(5063));
        var child = File.ReadAllText(pidFile).Trim();
        Assert.True(await Wait.Until(() => !Directory.Exists($"/proc/{child}") || File.ReadAllText($"/proc/{child}/stat").Contains(") Z ", StringComparison.Ordinal),
            TimeSpan.FromSeconds(5)), "the script's child survived the timeout");
    }

    [Fact]
    public void Missing_Refused_WithTheCheckersMessage()
    {
        Assert.Null(StartStopScript.Startup(new GlobalDefs { StartupScript = new NotifyScript(_dir.File("none.sh")) }, Policy, _log));
        Assert.NotEmpty(_log.WithId(5066));
        Assert.Null(StartStopScript.Shutdown(new GlobalDefs(), Policy, _log));
    }
}
