using KeepalivedSharp.Simulation.Cluster;

namespace KeepalivedSharp.Simulation.Tests.Scenarios;

/// <summary>
/// The checkers in the simulator (issue 11 deliverable 7): the daemon's check host and engine from the user's
/// config, probing backends the scenario turns down, up, blackholed or to another HTTP status, in virtual time.
/// </summary>
public class ScenarioCheckTests
{
    /// <summary>Two real servers, TCP_CHECK every 2 s, retry 1 after 1 s, connect_timeout 3 s; quorum 2 with a sorry server.</summary>
    private static string Lvs(string checker = "TCP_CHECK {\n            connect_timeout 3\n        }") => $$"""
        virtual_server 10.0.0.100 80 {
            delay_loop 2
            lvs_sched rr
            lvs_method NAT
            protocol TCP
            quorum 2
            sorry_server 10.0.1.9 80
            real_server 10.0.1.2 80 {
                retry 1
                delay_before_retry 1
                {{checker}}
            }
            real_server 10.0.1.3 80 {
                retry 1
                delay_before_retry 1
                {{checker}}
            }
        }

        """;

    private static IEnumerable<SimulatedRealServer> Servers(KeepalivedSharp.Simulation.Scenarios.ScenarioResult r, string rs)
        => r.Events.OfType<SimulatedRealServer>().Where(e => e.RealServer == rs);

    [Fact]
    public void BackendDown_OutAfterRetryPlusOne_BackWithTheNextCheck()
    {
        using var ws = new ScenarioWorkspace();
        ws.Write("n1.conf", Lvs());
        var r = ws.Run("node n1 n1.conf\nat 10 backend 10.0.1.2:80 down\nat 20 backend 10.0.1.2:80 up\nrun 30\n");
        var events = Servers(r, "[10.0.1.2]:tcp:80").ToList();
        var down = Assert.Single(events, e => !e.Up);
        // The first failure is at the next check (<= 10 + delay_loop), the retry 1 s later: out within 3 s.
        Assert.InRange(down.Time.TotalSeconds, 11, 10 + 2 + 1 + 0.01);
        var up = Assert.Single(events, e => e.Up && e.Time > down.Time);
        Assert.InRange(up.Time.TotalSeconds, 20, 20 + 2 + 0.01);
        // Quorum 2 lost with one server out: the sorry server carries the traffic until it is back.
        var quorum = r.Events.OfType<SimulatedQuorum>().ToList();
        Assert.Equal([(false, down.Time), (true, up.Time)], quorum.Select(q => (q.Up, q.Time)));
        var tables = r.Events.OfType<SimulatedTable>().ToList();
        Assert.Contains(tables, t => t.Time == down.Time && t.ToText().Contains("[10.0.1.9]:80 w1", StringComparison.Ordinal)
            && !t.ToText().Contains("[10.0.1.2]", StringComparison.Ordinal));
        Assert.DoesNotContain("[10.0.1.9]", tables[^1].ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Blackhole_EachAttemptTakesConnectTimeout()
    {
        using var ws = new ScenarioWorkspace();
        ws.Write("n1.conf", Lvs());
        var r = ws.Run("node n1 n1.conf\nat 10 backend 10.0.1.3:80 blackhole\nrun 30\n");
        var down = Assert.Single(Servers(r, "[10.0.1.3]:tcp:80"), e => !e.Up);
        // Next check by 12, its 3 s timeout, 1 s before the retry, the retry's 3 s: at most 10 + 2 + 3 + 1 + 3.
        Assert.InRange(down.Time.TotalSeconds, 10 + 3 + 1 + 3, 10 + 2 + 3 + 1 + 3 + 0.01);
    }

    [Fact]
    public void HttpStatus_OutsideStatusCode_TakesServerOut_OnEveryNode()
    {
        using var ws = new ScenarioWorkspace();
        var http = "HTTP_GET {\n            url {\n                path /health\n                status_code 200\n            }\n        }";
        ws.Write("n1.conf", Lvs(http));
        ws.Write("n2.conf", Lvs(http));
        var r = ws.Run("node n1 n1.conf\nnode n2 n2.conf\nat 10 backend 10.0.1.2:80 http-status 503\nat 25 backend 10.0.1.2:80 http-status 200\nrun 40\n");
        foreach (var node in new[] { "n1", "n2" })
        {
            var events = Servers(r, "[10.0.1.2]:tcp:80").Where(e => e.Node == node).ToList();
            // HTTP_GET's delay_before_retry here is the real server's 1 s.
            Assert.InRange(Assert.Single(events, e => !e.Up).Time.TotalSeconds, 11, 13.01);
            // Back after two passes, as keepalived: the first clears failed_url, the next brings it up (check_http.c epilog).
            Assert.InRange(Assert.Single(events, e => e.Up).Time.TotalSeconds, 27, 29.01); // a pass in [25, 27), the next 2 s later
        }
        Assert.Empty(Servers(r, "[10.0.1.3]:tcp:80"));
    }

    [Fact]
    public void Json_RealServerAndQuorumLines_CarryVsRsAndTo()
    {
        using var ws = new ScenarioWorkspace();
        ws.Write("n1.conf", Lvs());
        var r = ws.Run("node n1 n1.conf\nat 10 backend 10.0.1.2:80 down\nrun 20\n");
        var lines = r.Timeline().Select(t => t.Json).ToList();
        Assert.Contains(lines, l => l.Contains("\"kind\":\"real_server\",\"vs\":\"[10.0.0.100]:tcp:80\",\"rs\":\"[10.0.1.2]:tcp:80\",\"to\":\"DOWN\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"kind\":\"quorum\",\"vs\":\"[10.0.0.100]:tcp:80\",\"to\":\"DOWN\"", StringComparison.Ordinal));
        Assert.All(lines, l => System.Text.Json.JsonDocument.Parse(l).Dispose());
    }

    [Fact]
    public void CrashedNode_ChecksStop_RestartStartsThemAgain()
    {
        using var ws = new ScenarioWorkspace();
        ws.Write("n1.conf", Lvs());
        var r = ws.Run("node n1 n1.conf\nat 5 crash n1\nat 6 backend 10.0.1.2:80 down\nat 10 start n1\nrun 30\n");
        var down = Assert.Single(Servers(r, "[10.0.1.2]:tcp:80"), e => !e.Up);
        Assert.True(down.Time.TotalSeconds > 10, down.ToText());
    }

    /// <summary>
    /// ha_suspend in a director pair: only the node holding the VIP checks, so only the master sees a backend
    /// go down; after a failover the new master's checkers are activated by the VIP that VRRP adds.
    /// </summary>
    [Fact]
    public void HaSuspend_OnlyTheVipHolderChecks_FailoverActivatesTheNewMaster()
    {
        using var ws = new ScenarioWorkspace();
        string Conf(int priority) => ScenarioWorkspace.Instance("VI_1", 51, priority, vip: "10.0.0.100/24")
            + Lvs().Replace("    protocol TCP\n", "    protocol TCP\n    ha_suspend\n", StringComparison.Ordinal);
        ws.Write("n1.conf", Conf(150));
        ws.Write("n2.conf", Conf(100));
        var r = ws.Run("node n1 n1.conf\nnode n2 n2.conf\nat 10 backend 10.0.1.2:80 down\nat 20 crash n1\nrun 40\n");
        var n1 = Servers(r, "[10.0.1.2]:tcp:80").Where(e => e.Node == "n1").ToList();
        var n2 = Servers(r, "[10.0.1.2]:tcp:80").Where(e => e.Node == "n2").ToList();
        Assert.InRange(Assert.Single(n1, e => !e.Up).Time.TotalSeconds, 11, 13.01);
        var master = r.FirstTo("n2", Core.Vrrp.VrrpState.Master, after: 20);
        Assert.NotNull(master);
        // Suspended until then; activated, the first check fails and the retry 1 s later takes it out.
        var down = Assert.Single(n2, e => !e.Up);
        Assert.InRange(down.Time, master!.Value, master.Value + TimeSpan.FromSeconds(2 + 1 + 0.01));
    }
}
