using System.Text.RegularExpressions;
using KeepalivedSharp.Lab;
using KeepalivedSharp.Operations.Metrics;
using KeepalivedSharp.Operations.Tests.Operations;
using KeepalivedSharp.Operations.Tests.Operations.Metrics;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Operations.Tests.Packaging;

/// <summary>
/// packaging/prometheus: the alert rules pass promtool check rules and their unit tests (promtool test
/// rules), every alert has a firing and a quiet case there, and the rules use only metrics the exporter
/// writes and fire as expected on expositions it wrote.
/// </summary>
public sealed partial class PrometheusRulesTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private static readonly string Dir = Path.Combine(RepoPaths.Root, "packaging", "prometheus");
    private static readonly string Rules = Path.Combine(Dir, "keepalived-sharp.rules.yml");
    private static readonly string UnitTests = Path.Combine(Dir, "keepalived-sharp.rules.test.yml");

    [GeneratedRegex(@"^\s+- alert: (\w+)$", RegexOptions.Multiline)]
    private static partial Regex AlertRule();

    [GeneratedRegex(@"alertname: (\w+)\n\s+exp_alerts:(.*)$", RegexOptions.Multiline)]
    private static partial Regex AlertCase();

    [GeneratedRegex(@"\bkeepalived_\w+")]
    private static partial Regex MetricName();

    private static string[] Alerts() => [.. AlertRule().Matches(File.ReadAllText(Rules)).Select(m => m.Groups[1].Value)];

    [Fact]
    public void CheckRules_Valid()
    {
        var r = LabShell.Run("promtool", ["check", "rules", Rules], Bound);
        Assert.True(r.ExitCode == 0, r.Output);
        Assert.Contains($"SUCCESS: {Alerts().Length} rules found", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void TestRules_UnitTestsPass()
    {
        var r = LabShell.Run("promtool", ["test", "rules", UnitTests], Bound);
        Assert.True(r.ExitCode == 0, r.Output);
        Assert.Contains("SUCCESS", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void UnitTests_EveryAlert_FiringAndQuietCase()
    {
        var cases = AlertCase().Matches(File.ReadAllText(UnitTests)).Select(m => (Alert: m.Groups[1].Value, Quiet: m.Groups[2].Value.Trim() == "[]")).ToList();
        Assert.Equal(6, Alerts().Length);
        foreach (var alert in Alerts())
        {
            Assert.True(cases.Contains((alert, false)), $"{alert}: no firing case");
            Assert.True(cases.Contains((alert, true)), $"{alert}: no quiet case");
        }
    }

    [Fact]
    public void Rules_MetricNames_FamiliesTheExporterWrites()
    {
        var (_, families) = PrometheusTextParser.Parse(MetricsFormatter.Format(StatusSamples.WithCheckers()));
        var used = MetricName().Matches(File.ReadAllText(Rules)).Select(m => m.Value).Distinct().ToList();
        Assert.Contains("keepalived_vrrp_state", used);
        Assert.All(used, name => Assert.True(families.ContainsKey(name), $"{name} is not a metric the exporter writes"));
    }

    /// <summary>
    /// Three targets scraped for 11 minutes, each scrape an exposition the formatter wrote: node-a and node-b
    /// both MASTER for VI_1 (VRID 51) and VI_2 (52); node-a's real server down and its virtual server below
    /// quorum; node-b's VI_1 becomes and releases master 6 times in the first 6 minutes (its counters);
    /// node-c's scrapes fail from 2m.
    /// </summary>
    [Fact]
    public void Rules_OnTheExportersOutput_FireSplitBrainFlappingRealServerQuorumAndDown()
    {
        var status = StatusSamples.WithCheckers();
        var vs = status.VirtualServers.Single();
        var a = MetricsFormatter.Format(status with { VirtualServers = [vs with { QuorumUp = false, AliveWeight = 0, SorryActive = true, RealServers = [vs.RealServers.Single() with { Alive = false }] }] });
        string Flapping(int minute) => MetricsFormatter.Format(StatusSamples.FixtureStatus(new Core.Vrrp.InstanceCounters { BecomeMaster = Math.Min(6, minute + 1) / 2, ReleaseMaster = Math.Min(6, minute) / 2 }));
        var c = MetricsFormatter.Format(StatusSamples.FixtureStatus());
        var test = new PromtoolInput()
            .Target("node-a:9650", "keepalived-sharp", [.. Enumerable.Repeat(a, 11)])
            .Target("node-b:9650", "keepalived-sharp", [.. Enumerable.Range(0, 11).Select(Flapping)])
            .Target("node-c:9650", "keepalived-sharp", [c, c, .. Enumerable.Repeat<string?>(null, 9)])
            .Test(Rules, "10m",
            [
                "alertname=\"KeepalivedSharpMultipleMasters\",severity=\"critical\",vrid=\"51\",intf=\"eth0\"",
                "alertname=\"KeepalivedSharpMultipleMasters\",severity=\"critical\",vrid=\"52\",intf=\"eth0\"",
                "alertname=\"KeepalivedSharpInstanceFlapping\",severity=\"warning\",instance=\"node-b:9650\",job=\"keepalived-sharp\",iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"",
                "alertname=\"KeepalivedSharpRealServerDown\",severity=\"warning\",instance=\"node-a:9650\",job=\"keepalived-sharp\",vs=\"[10.0.0.1]:tcp:80\",rs=\"[10.0.0.2]:80\"",
                "alertname=\"KeepalivedSharpVirtualServerQuorumLost\",severity=\"critical\",instance=\"node-a:9650\",job=\"keepalived-sharp\",vs=\"[10.0.0.1]:tcp:80\"",
                "alertname=\"KeepalivedSharpDown\",severity=\"critical\",instance=\"node-c:9650\",job=\"keepalived-sharp\"",
            ]);
        using var dir = new TempFolder();
        var file = dir.Write("exporter.test.yml", test);
        var r = LabShell.Run("promtool", ["test", "rules", file], Bound);
        Assert.True(r.ExitCode == 0, r.Output + "\n" + test);
    }
}
