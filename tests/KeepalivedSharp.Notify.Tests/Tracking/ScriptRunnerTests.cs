using System.Collections.Concurrent;
using System.Globalization;
using KeepalivedSharp.Linux.Processes;
using KeepalivedSharp.Notify.Tracking;

namespace KeepalivedSharp.Notify.Tests.Tracking;

public sealed class ScriptRunnerTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly ListLogger _log = new();
    private readonly ConcurrentQueue<ScriptRunResult> _results = new();

    private ScriptRunner Runner(params TrackedScript[] scripts) => new(scripts, _results.Enqueue, _log);

    [Fact]
    public async Task Run_PassingAndFailingScripts_ResultsCarryTheirRunNumbers()
    {
        await using var t = Runner(
            new TrackedScript("ok", TempDir.Command("/bin/true")),
            new TrackedScript("bad", TempDir.Command("/bin/sh", "-c", "exit 2")));
        t.Run("ok", 1);
        t.Run("bad", 2);
        Assert.True(await Wait.Until(() => _results.Count == 2, TimeSpan.FromSeconds(10)));
        var ok = Assert.Single(_results, r => r.Name == "ok");
        Assert.Equal(1, ok.Run);
        Assert.True(ok.Success);
        var bad = Assert.Single(_results, r => r.Name == "bad");
        Assert.Equal(2, bad.Run);
        Assert.Equal(2, bad.Outcome!.Status.Code);
        Assert.Contains("Script `bad` now returning 2", _log.WithId(5001));
        Assert.Equal(0, t.RunningCount);
    }

    [Fact]
    public async Task Kill_HungScriptWithChild_GroupGoneResultIsAFailure()
    {
        var script = _dir.Script("hang.sh", $"sleep 60 &\necho $! > {_dir.File("child")}\nsleep 60");
        await using var t = Runner(new TrackedScript("hang", TempDir.Command(script)));
        t.Run("hang", 7);
        Assert.True(await Wait.Until(() => File.Exists(_dir.File("child")) && File.ReadAllText(_dir.File("child")).EndsWith('\n'), TimeSpan.FromSeconds(10)));
        Assert.Empty(_results); // no timeout of its own: the engine decides
        t.Kill("hang", 7, TimeSpan.FromMilliseconds(500));
        Assert.True(await Wait.Until(() => !_results.IsEmpty, TimeSpan.FromSeconds(10)));
        var r = Assert.Single(_results);
        Assert.Equal(7, r.Run);
        Assert.False(r.Success);
        Assert.True(r.Stopped);
        Assert.Equal(Signals.SIGTERM, r.Outcome!.Status.Signal);
        var child = int.Parse(File.ReadAllText(_dir.File("child")).Trim(), CultureInfo.InvariantCulture);
        Assert.True(await Wait.Until(() => !Directory.Exists($"/proc/{child}") || File.ReadAllText($"/proc/{child}/stat").Contains(") Z ", StringComparison.Ordinal), TimeSpan.FromSeconds(5)));
        Assert.True(await Wait.Until(() => !Directory.Exists($"/proc/{r.Outcome.Pid}"), TimeSpan.FromSeconds(5)));
        Assert.Contains(_log.WithId(5002), l => l.Contains("VRRP_Script(hang) timed_out", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Skipped_LogsKeepalivedsWords()
    {
        await using var t = Runner(new TrackedScript("slow", TempDir.Command("/bin/true")));
        t.Skipped("slow", timingOut: false);
        t.Skipped("slow", timingOut: true);
        Assert.Contains("Track script slow is already running, expect idle - skipping run", _log.WithId(5000));
        Assert.Contains("Track script slow is being timed out, expect idle - skipping run", _log.WithId(5007));
    }

    [Fact]
    public async Task Run_ChattyScript_OutputLoggedAtLimitedRate()
    {
        await using var t = Runner(new TrackedScript("chatty", TempDir.Command("/usr/bin/seq", "1", "50")));
        t.Run("chatty", 1);
        Assert.True(await Wait.Until(() => !_results.IsEmpty, TimeSpan.FromSeconds(10)));
        var lines = _log.WithId(5005).ToList();
        Assert.Equal(10, lines.Count);
        Assert.Equal("Script chatty output: 1", lines[0]);
    }

    [Fact]
    public async Task Run_MissingProgram_FailureWithError()
    {
        await using var t = Runner(new TrackedScript("gone", TempDir.Command(_dir.File("missing"))));
        t.Run("gone", 3);
        Assert.True(await Wait.Until(() => !_results.IsEmpty, TimeSpan.FromSeconds(10)));
        var r = Assert.Single(_results);
        Assert.Equal(3, r.Run);
        Assert.False(r.Success);
        Assert.Contains("ENOENT", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replace_RunningScript_StoppedAndNewCommandRuns()
    {
        await using var t = Runner(new TrackedScript("chk", TempDir.Command("/bin/sleep", "60")));
        t.Run("chk", 1);
        Assert.True(await Wait.Until(() => t.RunningCount == 1, TimeSpan.FromSeconds(5)));
        t.Replace([new TrackedScript("chk", TempDir.Command("/bin/true"))]);
        t.Run("chk", 2);
        Assert.True(await Wait.Until(() => _results.Count == 2, TimeSpan.FromSeconds(10)));
        Assert.False(Assert.Single(_results, r => r.Run == 1).Success); // stopped; the engine ignores it
        Assert.True(Assert.Single(_results, r => r.Run == 2).Success);
    }

    [Fact]
    public async Task DisposeAsync_RunningScript_StoppedAndReaped()
    {
        var t = Runner(new TrackedScript("long", TempDir.Command("/bin/sleep", "60")));
        t.Run("long", 1);
        Assert.True(await Wait.Until(() => t.RunningCount == 1, TimeSpan.FromSeconds(5)));
        await t.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(await Wait.Until(() => t.RunningCount == 0, TimeSpan.FromSeconds(5)));
        Assert.Empty(_results); // a run stopped at shutdown is not a health result
        t.Run("long", 2);
        Assert.Equal(0, t.RunningCount); // nothing starts after
    }

    public void Dispose() => _dir.Dispose();
}
