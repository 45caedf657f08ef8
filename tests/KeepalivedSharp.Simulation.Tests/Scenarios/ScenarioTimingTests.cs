using KeepalivedSharp.Simulation.Scenarios;
using KeepalivedSharp.Core.Vrrp;

namespace KeepalivedSharp.Simulation.Tests.Scenarios;

/// <summary>The "done when" figures: RFC times to within 1 ms.</summary>
public class ScenarioTimingTests
{
    private static ScenarioResult RunPair(string extra1 = "", string extra2 = "", string events = "", string global = "")
    {
        using var ws = new ScenarioWorkspace();
        ws.Write("n1.conf", global + ScenarioWorkspace.Instance("VI_1", 51, 100, extra1, "MASTER"));
        ws.Write("n2.conf", global + ScenarioWorkspace.Instance("VI_1", 51, 90, extra2));
        return ws.Run($"node n1 n1.conf\nnode n2 n2.conf\n{events}\nrun 60\n");
    }

    private static TimeSpan LastAdvertBefore(double crashAt, double firstMaster, double interval)
    {
        // n1 advertises every interval from its first master advert on.
        int n = (int)Math.Floor((crashAt - firstMaster) / interval + 1e-9);
        return TimeSpan.FromSeconds(firstMaster + n * interval);
    }

    [Fact]
    public void Crash_V2Interval1_BackupTakesOverAtLastAdvertPlus3648ms()
    {
        var r = RunPair(events: "at 10 crash n1");
        var n1Master = r.FirstTo("n1", VrrpState.Master)!.Value;
        var last = LastAdvertBefore(10, n1Master.TotalSeconds, 1);
        var takeover = r.FirstTo("n2", VrrpState.Master)!.Value;
        Assert.InRange((takeover - last).TotalMilliseconds, 3647.5, 3648.5);
        Assert.Equal("n2", r.Holder());
    }

    [Fact]
    public void Stop_V2Interval1_BackupTakesOverAfterSkew648ms()
    {
        var r = RunPair(events: "at 10 stop n1");
        var takeover = r.FirstTo("n2", VrrpState.Master)!.Value;
        Assert.InRange((takeover - TimeSpan.FromSeconds(10)).TotalMilliseconds, 647.5, 648.5);
    }

    [Fact]
    public void Crash_V3Interval100ms_BackupTakesOverAt365ms()
    {
        const string v3 = "    version 3\n    advert_int 0.1\n";
        var r = RunPair(v3, v3, "at 10 crash n1");
        var n1Master = r.FirstTo("n1", VrrpState.Master)!.Value;
        var last = LastAdvertBefore(10, n1Master.TotalSeconds, 0.1);
        var takeover = r.FirstTo("n2", VrrpState.Master)!.Value;
        Assert.InRange((takeover - last).TotalMilliseconds, 364.5, 365.5);
    }

    [Fact]
    public void Start_TwoNodes_HigherPriorityWinsAfterItsMasterDownInterval()
    {
        var r = RunPair();
        Assert.Equal(3609.375, r.FirstTo("n1", VrrpState.Master).Ms(), 0);
        Assert.Null(r.FirstTo("n2", VrrpState.Master));
        Assert.Equal("n1", r.Holder());
    }

    [Fact]
    public void Restart_HigherPriority_PreemptsBack()
    {
        var r = RunPair(events: "at 10 crash n1\nat 20 start n1");
        Assert.NotNull(r.FirstTo("n2", VrrpState.Master));
        var back = r.FirstTo("n1", VrrpState.Master, after: 20)!.Value;
        Assert.Equal(23609.375, back.TotalMilliseconds, 0);
        Assert.Equal(back, r.FirstTo("n2", VrrpState.Backup, after: 20));
        Assert.Equal("n1", r.Holder());
    }

    [Fact]
    public void Run_JsonLines_HaveTheDocumentedFields()
    {
        var r = RunPair(events: "at 10 crash n1");
        var json = r.Transitions.First(t => t.Node == "n2" && t.To == VrrpState.Master).ToJson();
        Assert.StartsWith("{\"t\":13.", json, StringComparison.Ordinal);
        Assert.Contains("\"node\":\"n2\",\"instance\":\"VI_1\",\"from\":\"BACKUP\",\"to\":\"MASTER\",\"priority\":90", json, StringComparison.Ordinal);
    }
}
