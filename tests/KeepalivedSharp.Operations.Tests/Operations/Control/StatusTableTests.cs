using KeepalivedSharp.Operations.Control;

namespace KeepalivedSharp.Operations.Tests.Operations.Control;

public class StatusTableTests
{
    [Fact]
    public void Format_Snapshot_OneAlignedRowPerInstanceWithTheColumns()
    {
        var text = StatusTable.Format(StatusDocument.From(StatusSamples.FixtureStatus()));
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("keepalived-sharp 0.1.0, pid 4242", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^INSTANCE +STATE +PRIO\(CFG/EFF\) +MASTER +VIPS +SINCE +ADVERTS\(RX/TX\) +ERRORS$", lines[1]);
        Assert.Matches(@"^VI_1 +MASTER +150/150 +self +10\.9\.0\.100/24,10\.9\.0\.101/24 +2s +0/3 +0$", lines[2]);
        Assert.Equal(lines[1].IndexOf("STATE", StringComparison.Ordinal), lines[2].IndexOf("MASTER", StringComparison.Ordinal));
        Assert.Contains("sync group G1: BACKUP (VI_2)", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5, "5s")]
    [InlineData(192, "3m12s")]
    [InlineData(7500, "2h05m")]
    [InlineData(273600, "3d04h")]
    public void Ago_Duration_Compact(int seconds, string expected) => Assert.Equal(expected, StatusTable.Ago(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void StatusJson_RoundTrip_SameDocument()
    {
        var doc = StatusDocument.From(StatusSamples.FixtureStatus());
        var json = ControlProtocol.Serialize(doc);
        Assert.Contains("\"effective_priority\": 150", json, StringComparison.Ordinal);
        var back = ControlProtocol.ParseResponse(ControlProtocol.Serialize(new ControlResponse(true, Status: doc)))!.Status!;
        Assert.Equal(doc.Instances.Select(i => (i.Name, i.State, i.Priority, i.Counters)), back.Instances.Select(i => (i.Name, i.State, i.Priority, i.Counters)));
    }
}

/// <summary>The health checkers in status: a real check engine's snapshot, in the table and in the JSON (issue 11, deliverable 6).</summary>
public class CheckStatusTests
{
    [Fact]
    public void Json_VirtualServersWithRealServers_AddressPortAliveWeight()
    {
        var json = ControlProtocol.Serialize(StatusDocument.From(StatusSamples.WithCheckers()));
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var vs = doc.RootElement.GetProperty("virtual_servers")[0];
        Assert.Equal("[10.0.0.1]:tcp:80", vs.GetProperty("name").GetString());
        Assert.True(vs.GetProperty("quorum_up").GetBoolean());
        Assert.Equal("[10.0.0.9]:80", vs.GetProperty("sorry_server").GetString());
        var rs = vs.GetProperty("real_servers")[0];
        Assert.Equal(("10.0.0.2", 80, true, 3), (rs.GetProperty("address").GetString(), rs.GetProperty("port").GetInt32(),
            rs.GetProperty("alive").GetBoolean(), rs.GetProperty("weight").GetInt32()));
        Assert.Equal("TCP_CHECK", rs.GetProperty("checkers")[0].GetProperty("type").GetString());
        var back = ControlProtocol.ParseResponse(ControlProtocol.Serialize(new ControlResponse(true, Status: StatusDocument.From(StatusSamples.WithCheckers()))))!.Status!;
        Assert.Equal(3, back.VirtualServers.Single().RealServers.Single().Weight);
    }

    [Fact]
    public void Table_OneLinePerVirtualServer_ThenItsRealServers()
    {
        var text = StatusTable.Format(StatusDocument.From(StatusSamples.WithCheckers()));
        Assert.Contains("virtual server [10.0.0.1]:tcp:80: quorum up (3 alive, needs 1±0), sorry server [10.0.0.9]:80\n", text, StringComparison.Ordinal);
        Assert.Contains("  real server [10.0.0.2]:80  alive  weight 3  TCP_CHECK:up\n", text, StringComparison.Ordinal);
    }
}

public class CheckMetricsTests
{
    [Fact]
    public void Metrics_RealServerAliveAndWeight_QuorumAndCheckerUp()
    {
        var r = Config.ConfigLoader.LoadText("virtual_server 10.0.0.1 80 {\n lvs_sched rr\n lvs_method NAT\n protocol TCP\n real_server 10.0.0.2 80 {\n  weight 3\n  TCP_CHECK {\n  }\n }\n}\n",
            "/etc/keepalived/keepalived.conf", new Config.ConfigOptions());
        var engine = Settings.CheckSetupBuilder.Build(r.Config!).CreateEngine(1);
        engine.Start(TimeSpan.Zero, []);
        var text = KeepalivedSharp.Operations.Metrics.MetricsFormatter.Format(StatusSamples.FixtureStatus() with { VirtualServers = engine.Snapshot() });
        Assert.Contains("keepalived_sharp_virtual_server_quorum_up{vs=\"[10.0.0.1]:tcp:80\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("keepalived_sharp_real_server_alive{vs=\"[10.0.0.1]:tcp:80\",rs=\"[10.0.0.2]:80\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("keepalived_sharp_real_server_weight{vs=\"[10.0.0.1]:tcp:80\",rs=\"[10.0.0.2]:80\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("keepalived_sharp_checker_up{vs=\"[10.0.0.1]:tcp:80\",rs=\"[10.0.0.2]:80\",checker=\"0\",type=\"TCP_CHECK\"} 1\n", text, StringComparison.Ordinal);
    }
}
