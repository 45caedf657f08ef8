namespace KeepalivedSharp.Config.Tests.Binding;

/// <summary>
/// global_defs' process keywords as keepalived 2.2.7 reads them (core/global_parser.c); the messages were checked
/// against <c>keepalived -t</c> (SampleAgreementTests runs the same configs against it).
/// </summary>
public class SchedulingSettingsTests
{
    private static ConfigResult Global(string body) => ConfText.Load("global_defs {\n" + body + "\n}\n" + ConfText.Instance());

    [Fact]
    public void Load_EveryKeyword_Typed()
    {
        var r = Global("""
             vrrp_priority -5
             vrrp_rt_priority 10
             vrrp_cpu_affinity 0 1 0
             vrrp_no_swap
             vrrp_rlimit_rttime 1
             checker_priority 7
             checker_rlimit_rttime 5000
             max_auto_priority
             min_auto_priority_delay 100000
             umask IRUSR | IWGRP|IXOTH
            """);
        Assert.False(r.HasErrors, string.Join("\n", r.Diagnostics));
        var g = r.Config!.Global;
        var v = g.VrrpProcess;
        Assert.Equal((-5, 10, true, 2u), (v.Priority!.Value, v.RealtimePriority!.Value, v.NoSwap, v.RlimitRttime));
        Assert.Equal(new[] { 0, 1 }, v.CpuAffinity.ToArray());
        Assert.Equal((7, (int?)null, 5000u, false), (g.CheckerProcess.Priority!.Value, g.CheckerProcess.RealtimePriority, g.CheckerProcess.RlimitRttime, g.CheckerProcess.NoSwap));
        Assert.Equal(99, g.MaxAutoPriority);
        Assert.Equal(TimeSpan.FromMilliseconds(100), g.MinAutoPriorityDelay);
        Assert.Equal(0x100 | 0x10 | 0x1, g.Umask);
    }

    [Fact]
    public void Load_Defaults_AreKeepalivedsAndTouchNothing()
    {
        var g = Global("").Config!.Global;
        Assert.Equal((null, null, 0, false, 10_000u), (g.VrrpProcess.Priority, g.VrrpProcess.RealtimePriority, g.VrrpProcess.CpuAffinity.Length, g.VrrpProcess.NoSwap, g.VrrpProcess.RlimitRttime));
        Assert.Equal((0, TimeSpan.FromSeconds(1), (int?)null), (g.MaxAutoPriority, g.MinAutoPriorityDelay, g.Umask));
    }

    [Theory]
    [InlineData("umask 0027", 0x17)]
    [InlineData("umask 0x1ff", 0x1ff)]
    [InlineData("umask 18", 18)]
    [InlineData("umask 0", 0)]
    public void Load_NumericUmask_ReadAsStrtolBaseZero(string line, int mask)
        => Assert.Equal(mask, Global(line).Config!.Global.Umask);

    [Theory]
    [InlineData("vrrp_rt_priority 200", "vrrp process real-time priority 200 greater than maximum 99 - setting to maximum")]
    [InlineData("checker_rt_priority 0", "checker process real-time priority 0 less than minimum 1 - setting to minimum")]
    [InlineData("vrrp_cpu_affinity 0 4096", "Invalid cpu_id:4096 specified for vrrp process")]
    [InlineData("checker_priority 25", "Invalid checker process priority specified")]
    [InlineData("max_auto_priority 200", "max_auto_priority '200' must be in [0, 99] (or -1 to disable) - ignoring")]
    [InlineData("min_auto_priority_delay 0", "min_auto_priority_delay '0' must be in [1, 10000000] - ignoring")]
    [InlineData("umask 0999", "invalid umask value 0999")]
    [InlineData("umask IRUSR IWUSR", "Invalid umask syntax IWUSR")]
    [InlineData("umask IRUSR|", "umask missing bit value")]
    [InlineData("umask IRUSR|IFOO", "Unknown umask bit IFOO")]
    [InlineData("vrrp_rlimit_rttime 0", "Invalid vrrp real-time limit - 0")]
    public void Load_BadValue_FailsTestAtItsLineInKeepalivedsWords(string line, string message)
    {
        var r = Global(line);
        Assert.Contains(r.Diagnostics, d => d.Location.Line == 2 && d.Message == message);
        Assert.NotEqual(0, r.ConfigTestExitCode);
    }

    [Fact]
    public void Load_ClampedRealtimePriority_RunsAtTheLimit()
    {
        var r = Global("vrrp_rt_priority 200");
        Assert.False(r.HasErrors);
        Assert.Equal(99, r.Config!.Global.VrrpProcess.RealtimePriority);
    }

    [Fact]
    public void Load_DeprecatedRtimeSpelling_WarnsAndApplies()
    {
        var r = Global("checker_rlimit_rtime 3000");
        Assert.False(r.HasErrors);
        Assert.Equal(3000u, r.Config!.Global.CheckerProcess.RlimitRttime);
        Assert.Contains(r.Diagnostics, d => d.Message == "Keyword 'checker_rlimit_rtime' is deprecated - please use 'checker_rlimit_rttime'");
    }
}
