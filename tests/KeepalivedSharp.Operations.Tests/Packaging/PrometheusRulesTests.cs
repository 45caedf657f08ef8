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
/// writes and fire as expected on the exporter's own output.
/// </summary>
public sealed partial class PrometheusRulesTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private static readonly string Dir = Path.Combine(RepoDir.Root, "packaging", "prometheus");
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
    /// Three targets scraping real expositions: node-a and node-b both MASTER for VI_1 (VRID 51) and VI_2 (52),
    /// node-a's real server down and its virtual server below quorum, node-c stops answering at 2m.
    /// </summary>
    [Fact]
    public void Rules_OnTheExportersOutput_FireSplitBrainRealServerQuorumAndDown()
    {
        var status = StatusSamples.WithCheckers();
        var vs = status.VirtualServers.Single();
        var lost = status with { VirtualServers = [vs with { QuorumUp = false, AliveWeight = 0, SorryActive = true, RealServers = [vs.RealServers.Single() with { Alive = false }] }] };
        var test = new PromtoolInput()
            .Target(MetricsFormatter.Format(lost), "node-a:9650", "keepalived-sharp", v => v + "x10", "1x10")
            .Target(MetricsFormatter.Format(StatusSamples.FixtureStatus()), "node-b:9650", "keepalived-sharp", v => v + "x10", "1x10")
            .Target(MetricsFormatter.Format(StatusSamples.FixtureStatus()), "node-c:9650", "keepalived-sharp", v => $"{v} {v} stale", "1 1 0x8")
            .Test(Rules, "5m",
            [
                "alertname=\"KeepalivedSharpMultipleMasters\",severity=\"critical\",vrid=\"51\",intf=\"eth0\"",
                "alertname=\"KeepalivedSharpMultipleMasters\",severity=\"critical\",vrid=\"52\",intf=\"eth0\"",
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
