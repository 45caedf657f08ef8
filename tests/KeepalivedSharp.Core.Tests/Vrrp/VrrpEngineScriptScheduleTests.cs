using KeepalivedSharp.Core.Tracking;
using KeepalivedSharp.Core.Vrrp;
using static KeepalivedSharp.Core.Tests.Vrrp.EngineHarness;

namespace KeepalivedSharp.Core.Tests.Vrrp;

/// <summary>keepalived's vrrp_script_thread schedule, in the engine, in virtual time (vrrp_scheduler.c).</summary>
public class VrrpEngineScriptScheduleTests
{
    private static EngineHarness Harness(ScriptSettings script, int weight = 0)
        => new(Instance(100, tweak: s => s with { Trackers = [new TrackBinding(TrackerKind.Script, script.Name, weight)] }), [script]);

    private static double[] RunTimes(EngineHarness h, string name = "chk")
        => [.. h.Log.Where(l => l.Action is RunScript r && r.Script == name).Select(l => l.At.TotalSeconds)];

    [Fact]
    public void Start_ScriptRunsAtOnceThenEveryInterval()
    {
        var h = Harness(new ScriptSettings("chk") { Interval = TimeSpan.FromSeconds(2) });
        h.Outcomes["chk"] = true;
        h.Start();
        h.RunUntil(10.5);
        Assert.Equal([0, 2, 4, 6, 8, 10], RunTimes(h));
        Assert.Equal(6, h.Actions<RunScript>().Select(r => r.Run).Distinct().Count());
        Assert.Empty(h.Actions<ScriptSkipped>());
        Assert.Empty(h.Actions<ScriptTimedOut>());
        Assert.Equal(VrrpState.Master, h.State);
    }

    [Fact]
    public void Tick_RunStillGoing_NextRunsSkippedNeverStarted()
    {
        var h = Harness(new ScriptSettings("chk") { Interval = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromSeconds(5) });
        h.Start();
        var first = Assert.Single(h.Actions<RunScript>());
        h.RunUntil(3.5);
        Assert.Equal([0], RunTimes(h));
        Assert.Equal(3, h.Actions<ScriptSkipped>().Count(s => !s.TimingOut)); // at 1, 2 and 3
        h.Answer("chk", first.Run, true);
        Assert.Equal(VrrpState.Backup, h.State);
        h.RunUntil(4.5);
        Assert.Equal([0, 4], RunTimes(h)); // the schedule kept its rhythm; the next due run starts
    }

    [Fact]
    public void Tick_HungScript_KilledAtTimeoutCountedAsFailure()
    {
        var h = Harness(new ScriptSettings("chk") { Interval = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromSeconds(2.5) });
        h.Outcomes["chk"] = true;
        h.Start();
        h.RunUntil(5);
        Assert.Equal(VrrpState.Master, h.State);
        h.AutoAnswer = false; // the run at 6 hangs
        h.RunUntil(6);
        var hung = h.Actions<RunScript>().Last();
        h.RunUntil(8.49);
        Assert.Equal(VrrpState.Master, h.State);
        Assert.Empty(h.Actions<ScriptTimedOut>());
        h.RunUntil(8.5);
        var killed = Assert.Single(h.Actions<ScriptTimedOut>());
        Assert.Equal((hung.Script, hung.Run, TimeSpan.FromSeconds(2.5)), (killed.Script, killed.Run, killed.Timeout));
        Assert.Equal(VrrpState.Fault, h.State); // fall 1: the timeout is the failure
        // Until it is reaped no run starts: skipped as "being timed out".
        h.RunUntil(10.2);
        Assert.Equal(6, RunTimes(h).Max());
        Assert.Equal(2, h.Actions<ScriptSkipped>().Count(s => s.TimingOut)); // at 9 and 10
        // Reaped (killed by TERM: a failure, already counted): no second count, and runs resume.
        h.AutoAnswer = true;
        h.Answer("chk", hung.Run, false);
        Assert.Equal(VrrpState.Fault, h.State);
        h.RunUntil(11);
        Assert.Equal(11, RunTimes(h).Max());
        Assert.Equal(VrrpState.Backup, h.State); // the next run succeeds
    }

    [Fact]
    public void ScriptResult_StaleOrUnknownRun_Ignored()
    {
        var h = Harness(new ScriptSettings("chk") { Interval = TimeSpan.FromSeconds(1) });
        h.Start();
        var run = Assert.Single(h.Actions<RunScript>()).Run;
        h.Answer("chk", run + 1, true);
        Assert.Equal(VrrpState.Init, h.State);
        Assert.Equal(run, h.Engine.ScriptRunInProgress("chk"));
        h.Answer("chk", run, true);
        Assert.Equal(VrrpState.Backup, h.State);
        h.Answer("chk", run, false); // a duplicate of a finished run
        Assert.Equal(VrrpState.Backup, h.State);
    }

    [Fact]
    public void Reconfigure_RestartsTheScheduleAndIgnoresRunsFromBefore()
    {
        var script = new ScriptSettings("chk") { Interval = TimeSpan.FromSeconds(10) };
        var instance = Instance(100, tweak: s => s with { Trackers = [new TrackBinding(TrackerKind.Script, "chk", 0)] });
        var h = new EngineHarness(instance, [script]);
        h.Outcomes["chk"] = true;
        h.Start();
        h.RunUntil(10);
        Assert.Equal([0, 10], RunTimes(h));
        h.AutoAnswer = false;
        h.RunUntil(20);
        var before = h.Actions<RunScript>().Last(); // in progress at the reload
        h.RunUntil(23);
        h.Reconfigure([instance], [script with { Interval = TimeSpan.FromSeconds(4) }]);
        Assert.Equal([0, 10, 20, 23], RunTimes(h)); // runs at once
        var after = h.Actions<RunScript>().Last();
        Assert.NotEqual(before.Run, after.Run);
        h.Answer("chk", before.Run, false); // the old run's result, reaped after the reload
        Assert.Equal(VrrpState.Master, h.State);
        h.Answer("chk", after.Run, true);
        h.AutoAnswer = true;
        h.RunUntil(31.5);
        Assert.Equal([0, 10, 20, 23, 27, 31], RunTimes(h)); // the new interval, from the reload
        Assert.Empty(h.Actions<ScriptSkipped>());
    }

    [Fact]
    public void Stop_NoMoreRuns()
    {
        var h = Harness(new ScriptSettings("chk"));
        h.Outcomes["chk"] = true;
        h.Start();
        h.RunUntil(2);
        h.Stop();
        int runs = RunTimes(h).Length;
        h.RunUntil(10);
        Assert.Equal(runs, RunTimes(h).Length);
        Assert.Null(h.Engine.NextDeadline);
    }
}
