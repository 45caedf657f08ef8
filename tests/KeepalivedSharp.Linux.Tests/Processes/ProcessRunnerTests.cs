using System.Diagnostics;
using System.Globalization;
using KeepalivedSharp.Linux.Native;
using KeepalivedSharp.Linux.Processes;

namespace KeepalivedSharp.Linux.Tests.Processes;

[Trait("Category", "Root")]
public sealed class ProcessRunnerTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly ScriptDir _dir = new();

    private static Task<ProcessOutcome> Run(params string[] argv) => ProcessRunner.RunAsync(new ProcessStartSpec([.. argv]));

    [Fact]
    public async Task RunAsync_ExitCodes_Decoded()
    {
        var ok = await Run("/bin/true").WaitAsync(Bound);
        var bad = await Run("/bin/sh", "-c", "exit 3").WaitAsync(Bound);
        Assert.True(ok.Success);
        Assert.True(bad.Status.Exited);
        Assert.Equal(3, bad.Status.Code);
        Assert.False(bad.Success);
    }

    [Fact]
    public async Task RunAsync_KilledBySignal_DecodesSignal()
    {
        var r = await Run("/bin/sh", "-c", "kill -USR1 $$").WaitAsync(Bound);
        Assert.False(r.Status.Exited);
        Assert.Equal(Signals.SIGUSR1, r.Status.Signal);
        Assert.False(r.TimedOut);
    }

    [Fact]
    public async Task RunAsync_OutputAndStderr_Captured()
    {
        var r = await Run("/bin/sh", "-c", "echo out; echo err >&2").WaitAsync(Bound);
        Assert.Equal("out\nerr\n", r.Output);
        Assert.False(r.OutputTruncated);
    }

    [Fact]
    public async Task RunAsync_OutputBeyondLimit_TruncatedAndDrained()
    {
        var r = await ProcessRunner.RunAsync(new ProcessStartSpec(["/bin/sh", "-c", "head -c 200000 /dev/zero | tr '\\0' x"]) { OutputLimit = 100 }).WaitAsync(Bound);
        Assert.True(r.Success);
        Assert.Equal(new string('x', 100), r.Output);
        Assert.True(r.OutputTruncated);
    }

    [Fact]
    public async Task RunAsync_Child_HasOwnGroupNullStdinNoExtraFdsAndDefaultSignals()
    {
        // The masks are read by a program the shell execs into: a shell that is waiting for a child
        // (dash does) blocks signals itself meanwhile, which says nothing about what the spawn set.
        var script = _dir.Script("env.sh", """
            echo "pgrp $(cut -d' ' -f5 /proc/$$/stat) pid $$"
            echo "stdin $(readlink /proc/$$/fd/0)"
            echo "fds $(ls /proc/$$/fd | sort -n | tr '\n' ' ')"
            exec grep -E '^Sig(Blk|Ign)' /proc/self/status
            """);
        var r = await Run(script).WaitAsync(Bound);
        Assert.True(r.Success, r.Output);
        Assert.Contains($"pgrp {r.Pid} pid {r.Pid}", r.Output, StringComparison.Ordinal);
        Assert.Contains("stdin /dev/null", r.Output, StringComparison.Ordinal);
        Assert.True(r.Output.Contains("SigBlk:\t0000000000000000", StringComparison.Ordinal), r.Output);
        // Standard signals 1-31 (SIGPIPE above all, which the runtime ignores) are back to default; 32 and 33 are
        // glibc's internal real-time signals, which sigfillset leaves out and every glibc program resets itself.
        var ignored = ulong.Parse(r.Output.Split('\n').Single(l => l.StartsWith("SigIgn:", StringComparison.Ordinal))[7..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        Assert.Equal(0ul, ignored & 0x7fffffff);
        // 0 1 2, plus the descriptor the shell opens to read the script itself (and ls's own for the listing).
        var fds = r.Output.Split('\n').Single(l => l.StartsWith("fds ", StringComparison.Ordinal))[4..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(fds.Length <= 5, r.Output);
    }

    [Fact]
    public async Task RunAsync_HungScriptWithChild_TermsGroupAtTimeout()
    {
        var script = _dir.Script("hang.sh", "sleep 60 &\necho child $!\nsleep 60");
        var sw = Stopwatch.StartNew();
        var r = await ProcessRunner.RunAsync(new ProcessStartSpec([script]) { Timeout = TimeSpan.FromMilliseconds(500), KillGrace = TimeSpan.FromSeconds(5) }).WaitAsync(Bound);
        Assert.True(r.TimedOut);
        Assert.False(r.Success);
        Assert.Equal(Signals.SIGTERM, r.Status.Signal);
        Assert.InRange(sw.Elapsed, TimeSpan.FromMilliseconds(450), TimeSpan.FromSeconds(4));
        var child = int.Parse(r.Output.Split(' ')[1], CultureInfo.InvariantCulture);
        Assert.True(await Gone(r.Pid), $"group {r.Pid} still has {string.Join(',', ScriptDir.GroupMembers(r.Pid))}");
        Assert.False(ScriptDir.Alive(child));
    }

    [Fact]
    public async Task RunAsync_ScriptIgnoringTerm_KilledAfterGrace()
    {
        // SIG_IGN is inherited by the children, so the whole group survives SIGTERM.
        var script = _dir.Script("stubborn.sh", "trap '' TERM\nsleep 60 &\nsleep 60");
        var sw = Stopwatch.StartNew();
        var r = await ProcessRunner.RunAsync(new ProcessStartSpec([script]) { Timeout = TimeSpan.FromMilliseconds(300), KillGrace = TimeSpan.FromMilliseconds(700) }).WaitAsync(Bound);
        Assert.True(r.TimedOut);
        Assert.Equal(Signals.SIGKILL, r.Status.Signal);
        Assert.InRange(sw.Elapsed, TimeSpan.FromMilliseconds(950), TimeSpan.FromSeconds(5));
        Assert.True(await Gone(r.Pid), $"group {r.Pid} still has {string.Join(',', ScriptDir.GroupMembers(r.Pid))}");
    }

    [Fact]
    public async Task Stop_RunningScript_TerminatesGroupAndReportsStopped()
    {
        var p = ProcessRunner.Start(new ProcessStartSpec(["/bin/sleep", "60"]));
        p.Stop();
        var r = await p.Completion.WaitAsync(Bound);
        Assert.True(r.Stopped);
        Assert.False(r.TimedOut);
        Assert.Equal(Signals.SIGTERM, r.Status.Signal);
        p.Stop(); // idempotent after exit
    }

    [Fact]
    public void Start_MissingProgram_ThrowsWithErrno()
    {
        var e = Assert.Throws<LinuxNativeException>(() => ProcessRunner.Start(new ProcessStartSpec([Path.Combine(_dir.Path, "missing")])));
        Assert.Equal(Errno.ENOENT, e.ErrorNumber);
        Assert.Contains("missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Root")]
    public async Task RunAsync_RunAsNobody_RunsWithThatUidAndGroupOnly()
    {
        Assert.True(Environment.IsPrivilegedProcess, "this test needs root (CI runs as root)");
        var nobody = UserDatabase.FindUser("nobody") ?? throw new InvalidOperationException("no user nobody");
        var r2 = await ProcessRunner.RunAsync(new ProcessStartSpec(["/bin/sh", "-c", "id -u; id -G; grep CapEff /proc/$$/status"]) { RunAs = nobody }).WaitAsync(Bound);
        Assert.True(r2.Success, r2.Output);
        var lines = r2.Output.Split('\n');
        Assert.Equal(nobody.Uid.ToString(CultureInfo.InvariantCulture), lines[0]);
        Assert.Equal(nobody.Gid.ToString(CultureInfo.InvariantCulture), lines[1]);
        Assert.Equal("CapEff:\t0000000000000000", lines[2]);
    }

    [Fact]
    public void Wrap_SameCredentials_NoWrapper()
    {
        var cur = ProcessCredentials.Current;
        Assert.Equal(["/bin/true"], PrivilegeDrop.Wrap(["/bin/true"], cur, cur).ToArray());
        Assert.Equal(["/bin/true"], PrivilegeDrop.Wrap(["/bin/true"], null, cur).ToArray());
        Assert.Equal(
            [PrivilegeDrop.SetprivPath, "--reuid=5", "--regid=6", "--groups=6", "--inh-caps=-all", "--", "/bin/true", "a"],
            PrivilegeDrop.Wrap(["/bin/true", "a"], new ProcessCredentials(5, 6), ProcessCredentials.Root).ToArray());
    }

    /// <summary>Waits (bounded) until no process is left in the group.</summary>
    private static async Task<bool> Gone(int pgid)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (ScriptDir.GroupMembers(pgid).Count > 0)
        {
            if (DateTime.UtcNow > until) return false;
            await Task.Delay(20);
        }
        return true;
    }

    public void Dispose() => _dir.Dispose();
}
