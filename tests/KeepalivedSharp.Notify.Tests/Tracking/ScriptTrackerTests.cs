using System.Collections.Concurrent;
using System.Globalization;
using KeepalivedSharp.Linux.Processes;
using KeepalivedSharp.Notify.Tracking;

namespace KeepalivedSharp.Notify.Tests.Tracking;

public sealed class ScriptTrackerTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly ListLogger _log = new();
    private readonly ConcurrentQueue<ScriptRunResult> _results = new();

    private ScriptTracker Tracker(params TrackedScript[] scripts) => new(scripts, _results.Enqueue, _log);

    [Fact]
    public async Task Start_PassingAndFailingScripts_ResultsDelivered()
    {
        await using var t = Tracker(
            new TrackedScript("ok", TempDir.Command("/bin/true"), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(200)),
            new TrackedScript("bad", TempDir.Command("/bin/sh", "-c", "exit 2"), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(200)));
        t.Start();
        Assert.True(await Wait.Until(() => _results.Count(r => r.Name == "ok") >= 2 && _results.Count(r => r.Name == "bad") >= 2, TimeSpan.FromSeconds(10)));
        Assert.All(_results.Where(r => r.Name == "ok"), r => Assert.True(r.Success));
        Assert.All(_results.Where(r => r.Name == "bad"), r => Assert.Equal(2, r.Outcome!.Status.Code));
        Assert.Contains("Script `bad` now returning 2", _log.WithId(5001));
    }

    [Fact]
    public async Task Start_HungScriptWithChild_KilledAtTimeoutCountedAsFailureGroupGone()
    {
        var script = _dir.Script("hang.sh", $"sleep 60 &\necho $! > {_dir.File("child")}\nsleep 60");
        await using var t = Tracker(new TrackedScript("hang", TempDir.Command(script), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500)));
        t.Start();
        Assert.True(await Wait.Until(() => !_results.IsEmpty, TimeSpan.FromSeconds(10)));
        var r = Assert.Single(_results);
        Assert.False(r.Success);
        Assert.True(r.TimedOut);
        Assert.Equal(Signals.SIGTERM, r.Outcome!.Status.Signal);
        var child = int.Parse(File.ReadAllText(_dir.File("child")).Trim(), CultureInfo.InvariantCulture);
        Assert.True(await Wait.Until(() => !Directory.Exists($"/proc/{child}") || File.ReadAllText($"/proc/{child}/stat").Contains(") Z ", StringComparison.Ordinal), TimeSpan.FromSeconds(5)));
        Assert.True(await Wait.Until(() => !Directory.Exists($"/proc/{r.Outcome.Pid}"), TimeSpan.FromSeconds(5)));
        Assert.Contains(_log.WithId(5002), l => l.Contains("VRRP_Script(hang) timed_out", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_RunLongerThanInterval_RunsNeverOverlap()
    {
        // Each run takes 0.5 s, the interval is 0.1 s: ticks during a run are skipped.
        var log = _dir.File("log");
        var script = _dir.Script("slow.sh", $"""
            [ -e {_dir.File("lock")} ] && echo overlap >> {log}
            touch {_dir.File("lock")}
            sleep 0.5
            rm {_dir.File("lock")}
            echo run >> {log}
            """);
        await using (var t = Tracker(new TrackedScript("slow", TempDir.Command(script), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5))))
        {
            t.Start();
            Assert.True(await Wait.Until(() => _results.Count >= 3, TimeSpan.FromSeconds(15)));
        }
        var lines = File.ReadAllLines(log);
        Assert.DoesNotContain("overlap", lines);
        Assert.True(lines.Length >= 3);
        Assert.Contains("Track script slow is already running, expect idle - skipping run", _log.WithId(5000));
        Assert.All(_results, r => Assert.True(r.Success));
    }

    [Fact]
    public async Task Start_ChattyScript_OutputLoggedAtLimitedRate()
    {
        await using var t = Tracker(new TrackedScript("chatty", TempDir.Command("/usr/bin/seq", "1", "50"), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)));
        t.Start();
        Assert.True(await Wait.Until(() => !_results.IsEmpty, TimeSpan.FromSeconds(10)));
        var lines = _log.WithId(5005).ToList();
        Assert.Equal(10, lines.Count);
        Assert.Equal("Script chatty output: 1", lines[0]);
    }

    [Fact]
    public async Task Start_MissingProgram_FailureWithError()
    {
        await using var t = Tracker(new TrackedScript("gone", TempDir.Command(_dir.File("missing")), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)));
        t.Start();
        Assert.True(await Wait.Until(() => !_results.IsEmpty, TimeSpan.FromSeconds(10)));
        var r = Assert.Single(_results);
        Assert.False(r.Success);
        Assert.Contains("ENOENT", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposeAsync_RunningScript_StoppedAndReaped()
    {
        var t = Tracker(new TrackedScript("long", TempDir.Command("/bin/sleep", "60"), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60)));
        t.Start();
        Assert.True(await Wait.Until(() => t.IsRunning("long"), TimeSpan.FromSeconds(5)));
        await t.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(await Wait.Until(() => !t.IsRunning("long"), TimeSpan.FromSeconds(5)));
        Assert.Empty(_results); // a run stopped at shutdown is not a health result
    }

    public void Dispose() => _dir.Dispose();
}
