using System.Diagnostics;
using System.Net;
using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Check;
using KeepalivedSharp.Linux.Processes;
using KeepalivedSharp.Notify.Security;
using KeepalivedSharp.Probes.Misc;
using KeepalivedSharp.Settings;
using KeepalivedSharp.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace KeepalivedSharp.Probes.Tests.Misc;

/// <summary>MISC_CHECK's probe against real scripts: the exit code reaches the engine, a timeout kills the whole group (check_misc.c).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class MiscProbeTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Script(string body)
    {
        var path = _dir.Write($"s{Guid.NewGuid():N}.sh", "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static CheckProbe Spec(string commandLine, TimeSpan timeout) => new(
        new CheckerConfig { Type = CheckerKind.Misc, Location = default, MiscPath = commandLine },
        new IPEndPoint(IPAddress.Loopback, 80), TimeSpan.FromSeconds(5), timeout, false);

    /// <summary>One run through the daemon's path: security check (MiscScripts), then ProbeSet with its budget.</summary>
    private static async Task<ProbeOutcome> Run(string commandLine, TimeSpan timeout, CancellationToken cancel = default)
    {
        var spec = Spec(commandLine, timeout);
        var checker = new CheckerSettings(CheckerKind.Misc, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 0, TimeSpan.Zero, Probe: spec);
        var rs = new RealServerSettings(new DestinationKey(IPAddress.Loopback, 80), 1, new DestinationOptions(ForwardMethod.Masquerade), false, [checker]);
        var setup = new CheckSetup([new VirtualServerSettings("vs", [], ServiceOptions.Default, [rs])], null);
        var scripts = new MiscScripts();
        var messages = new List<string>();
        var loaded = MiscScripts.Check(setup, new ScriptSecurityPolicy(false, ProcessCredentials.Current, null), messages);
        Assert.Single(loaded.Setup.VirtualServers[0].RealServers[0].Checkers);
        scripts.Use(loaded);
        var set = ProbeSet.Create(new ProbeServices(NullLoggerFactory.Instance, TimeProvider.System, Misc: scripts));
        return await set.RunAsync(new ProbeRequest(new CheckerRef("vs", rs.Endpoint, 0), 1, 0, spec), cancel).WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
    }

    [Fact]
    public async Task ExitZero_Succeeds()
    {
        var o = await Run(Script("exit 0"), TimeSpan.FromSeconds(5));
        Assert.True(o.Success);
        Assert.Equal(0, o.ExitStatus);
    }

    [Fact]
    public async Task ExitOne_FailsWithKeepalivedsReason()
    {
        var o = await Run(Script("exit 1"), TimeSpan.FromSeconds(5));
        Assert.False(o.Success);
        Assert.Equal(1, o.ExitStatus);
        Assert.Equal("exited with status 1", o.Detail);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(42)]
    [InlineData(255)]
    public async Task DynamicCodes_ReachTheEngineAsExitStatus(int code)
    {
        var o = await Run(Script($"exit {code}"), TimeSpan.FromSeconds(5));
        Assert.Equal(code, o.ExitStatus);
    }

    [Fact]
    public async Task Arguments_AreSplitWithoutAShell()
    {
        var script = Script("[ \"$1\" = 'a b' ] && [ \"$2\" = '$HOME' ] && exit 3; exit 1");
        var o = await Run($"{script} 'a b' '$HOME'", TimeSpan.FromSeconds(5));
        Assert.Equal(3, o.ExitStatus);
    }

    [Fact]
    public async Task KilledBySignal_FailsWithoutExitStatus()
    {
        var o = await Run(Script("kill -USR1 $$"), TimeSpan.FromSeconds(5));
        Assert.False(o.Success);
        Assert.Null(o.ExitStatus);
        Assert.Equal($"due to signal {Signals.SIGUSR1}", o.Detail);
    }

    [Fact]
    public async Task Timeout_TermThenKill_TheWholeGroupIsGone()
    {
        // The grandchild ignores SIGTERM: only the group SIGKILL after the script is gone ends it.
        var pidFile = Path.Combine(_dir.Path, "grandchild");
        var script = Script($"(trap '' TERM; exec sleep 120) &\necho $! > {pidFile}\nwait");
        var sw = Stopwatch.StartNew();
        var o = await Run(script, TimeSpan.FromSeconds(1));
        Assert.False(o.Success);
        Assert.Null(o.ExitStatus);
        Assert.Equal(MiscProbe.TimedOut, o.Detail);
        Assert.InRange(sw.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(3.5));
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Gone(pid, TimeSpan.FromSeconds(5)), $"grandchild {pid} survived the timeout");
    }

    [Fact]
    public async Task Timeout_ScriptIgnoringTerm_KilledAfterTheGrace()
    {
        var sw = Stopwatch.StartNew();
        var o = await Run(Script("trap '' TERM\nsleep 120 &\nwhile :; do wait; done"), TimeSpan.FromSeconds(1));
        Assert.Equal(MiscProbe.TimedOut, o.Detail);
        Assert.Null(o.ExitStatus);
        // SIGTERM at 1 s, SIGKILL 2 s later (check_misc.c), within ProbeSet's budget of misc_timeout + 2 s.
        Assert.InRange(sw.Elapsed, TimeSpan.FromSeconds(2.9), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Cancelled_StopsTheScript_NoVerdict()
    {
        var pidFile = Path.Combine(_dir.Path, "child");
        var script = Script($"sleep 120 &\necho $! > {pidFile}\nwait");
        using var cts = new CancellationTokenSource();
        var run = Run(script, TimeSpan.FromSeconds(60), cts.Token);
        var sw = Stopwatch.StartNew();
        while (!File.Exists(pidFile) && sw.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(20);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Gone(pid, TimeSpan.FromSeconds(5)), $"child {pid} survived the stop");
    }

    [Fact]
    public void Check_InsecureScriptUnderScriptSecurity_RemovesTheChecker()
    {
        // World-writable script run as root: keepalived disables it with enable_script_security.
        var path = Script("exit 0");
        File.SetUnixFileMode(path, (UnixFileMode)0x1ff);
        var spec = Spec(path, TimeSpan.FromSeconds(1));
        var misc = new CheckerSettings(CheckerKind.Misc, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 0, TimeSpan.Zero, Probe: spec);
        var tcp = new CheckerSettings(CheckerKind.Tcp, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 0, TimeSpan.Zero);
        var rs = new RealServerSettings(new DestinationKey(IPAddress.Loopback, 80), 1, new DestinationOptions(ForwardMethod.Masquerade), false, [misc, tcp]);
        var setup = new CheckSetup([new VirtualServerSettings("vs", [], ServiceOptions.Default, [rs])], null);
        var root = new ProcessCredentials(0, 0);
        var messages = new List<string>();
        var scripts = new MiscScripts();
        var loaded = MiscScripts.Check(setup, new ScriptSecurityPolicy(true, root, null, root), messages);
        scripts.Use(loaded);
        Assert.Equal([CheckerKind.Tcp], loaded.Setup.VirtualServers[0].RealServers[0].Checkers.Select(c => c.Kind));
        Assert.Contains($"Disabling misc script {path} due to insecure", messages);
        Assert.Null(scripts.Find(spec.Checker));
    }

    private static bool Gone(int pid, TimeSpan bound)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < bound)
        {
            // Reparented to init; a zombie not yet reaped is gone too.
            var stat = $"/proc/{pid}/stat";
            if (!File.Exists(stat)) return true;
            try
            {
                var text = File.ReadAllText(stat);
                if (text[(text.LastIndexOf(')') + 2)..].StartsWith('Z')) return true;
            }
            catch (IOException)
            {
                return true;
            }
            Thread.Sleep(20);
        }
        return false;
    }
}
