using KeepalivedSharp.Core.Vrrp;

namespace KeepalivedSharp.Simulation.Tests.Scenarios;

/// <summary>nopreempt, preempt_delay, trackers, sync groups and partitions, each as keepalived behaves.</summary>
public class ScenarioBehaviourTests
{
    private const string Script = """
        vrrp_script chk {
            script "/bin/true"
            interval 1
            weight -20
            fall 2
            rise 2
        }

        """;

    [Fact]
    public void Nopreempt_RestartedHigherPriority_DoesNotTakeBack()
    {
        using var ws = new ScenarioWorkspace();
        ws.Write("n1.conf", ScenarioWorkspace.Instance("VI_1", 51, 100, "    nopreempt"));
        ws.Write("n2.conf", ScenarioWorkspace.Instance("VI_1", 51, 90, "    nopreempt"));
        var r = ws.Run("node n1 n1.conf\nnode n2 n2.conf\nat 10 crash n1\nat 20 start n1\nrun 60\n");
        Assert.NotNull(r.FirstTo("n2", VrrpState.Master));
        Assert.Null(r.FirstTo("n1", VrrpState.Master, after: 20));
        Assert.Equal("n2", r.Holder());
    }

    [Fact]
    public void PreemptDelay_RestartedHigherPriority_TakesBackAfterTheDelay()
    {
        using var ws = new ScenarioWorkspace();
        ws.Write("n1.conf", ScenarioWorkspace.Instance("VI_1", 51, 100, "    preempt_delay 15"));
        ws.Write("n2.conf", ScenarioWorkspace.Instance("VI_1", 51, 90));
        var r = ws.Run("node n1 n1.conf\nnode n2 n2.conf\nat 10 crash n1\nat 20 start n1\nrun 60\n");
        var back = r.FirstTo("n1", VrrpState.Master, after: 20)!.Value.TotalSeconds;
        // The first lower advert arrives within a second of the restart; takeover is 15 s later plus at most one Master_Down_Interval.
        Assert.InRange(back, 20 + 15, 20 + 15 + 1 + 3.61);
        Assert.Equal("n1", r.Holder());
    }

    [Fact]
    public void TrackScript_FailingOnMaster_MovesMastershipAndBack()
    {
        using var ws = new ScenarioWorkspace();
        ws.Write("n1.conf", Script + ScenarioWorkspace.Instance("VI_1", 51, 100, "    track_script {\n        chk\n    }"));
        ws.Write("n2.conf", Script + ScenarioWorkspace.Instance("VI_1", 51, 90, "    track_script {\n        chk\n    }"));
        var r = ws.Run("node n1 n1.conf\nnode n2 n2.conf\nat 10 script n1 chk fail\nat 20 script n1 chk ok\nrun 40\n");
        var moved = r.FirstTo("n2", VrrpState.Master)!.Value.TotalSeconds;
        Assert.InRange(moved, 11, 11 + 3.7); // fall 2: priority 80 from t=11
        Assert.NotNull(r.FirstTo("n1", VrrpState.Master, after: 21)); // rise 2
        Assert.Equal("n1", r.Holder());
        Assert.Contains(r.Transitions, t => t.Node == "n1" && t.To == VrrpState.Backup && t.Priority == 80);
    }

    [Fact]
    public void TrackScript_WeightZero_PutsInstanceInFault()
    {
        using var ws = new ScenarioWorkspace();
        var s0 = Script.Replace("weight -20", "weight 0", StringComparison.Ordinal);
        ws.Write("n1.conf", s0 + ScenarioWorkspace.Instance("VI_1", 51, 100, "    track_script {\n        chk\n    }"));
        ws.Write("n2.conf", ScenarioWorkspace.Instance("VI_1", 51, 90));
        var r = ws.Run("node n1 n1.conf\nnode n2 n2.conf\nat 10 script n1 chk fail\nrun 30\n");
        var fault = r.FirstTo("n1", VrrpState.Fault)!.Value.TotalSeconds;
        Assert.Equal(11, fault, 3);
        // n1 leaves with priority 0: n2 takes over after its skew time.
        Assert.Equal(11.648, r.FirstTo("n2", VrrpState.Master)!.Value.TotalSeconds, 3);
        Assert.Equal("n2", r.Holder());
    }

    [Fact]
    public void SyncGroup_OneMemberFaults_BothInstancesMoveTogether()
    {
        using var ws = new ScenarioWorkspace();
        string Node(int p) => $$"""
            vrrp_sync_group G {
                group {
                    VI_1
                    VI_2
                }
            }
            {{ScenarioWorkspace.Instance("VI_1", 51, p)}}
            vrrp_instance VI_2 {
                interface eth1
                virtual_router_id 52
                priority {{p}}
                virtual_ipaddress {
                    10.9.0.10/24
                }
            }
            """;
        ws.Write("n1.conf", Node(100));
        ws.Write("n2.conf", Node(90));
        var r = ws.Run("node n1 n1.conf\nnode n2 n2.conf\nat 10 link-down n1 eth1\nat 20 link-up n1 eth1\nrun 40\n");
        Assert.Equal(10, r.Transitions.First(t => t.Node == "n1" && t.Instance == "VI_1" && t.To == VrrpState.Fault).Time.TotalSeconds, 3);
        var n2Masters = r.Transitions.Where(t => t.Node == "n2" && t.To == VrrpState.Master).ToList();
        Assert.Equal(2, n2Masters.Count);
        Assert.Equal(n2Masters[0].Time, n2Masters[1].Time);
        Assert.Equal("n1", r.Holder(51));
        Assert.Equal("n1", r.Holder(52));
    }

    [Fact]
    public void Partition_BothSidesBecomeMaster_HealLeavesOne()
    {
        using var ws = new ScenarioWorkspace();
        ws.Write("n1.conf", ScenarioWorkspace.Instance("VI_1", 51, 100));
        ws.Write("n2.conf", ScenarioWorkspace.Instance("VI_1", 51, 90));
        ws.Write("n3.conf", ScenarioWorkspace.Instance("VI_1", 51, 80));
        var r = ws.Run("node n1 n1.conf\nnode n2 n2.conf\nnode n3 n3.conf\nat 10 partition n1 / n2 n3\nat 20 heal\nrun 40\n");
        // During the partition n2 leads its side; after the heal n2 hears n1 (100) and steps down.
        Assert.InRange(r.FirstTo("n2", VrrpState.Master)!.Value.TotalSeconds, 10, 14);
        Assert.Equal(20, r.FirstTo("n2", VrrpState.Backup, after: 10)!.Value.TotalSeconds, 0);
        Assert.Null(r.FirstTo("n3", VrrpState.Master));
        Assert.Equal("n1", r.Holder());
    }

    [Fact]
    public void LinkDown_Master_FaultsAndPeerTakesOver()
    {
        using var ws = new ScenarioWorkspace();
        ws.Write("n1.conf", ScenarioWorkspace.Instance("VI_1", 51, 100));
        ws.Write("n2.conf", ScenarioWorkspace.Instance("VI_1", 51, 90));
        var r = ws.Run("node n1 n1.conf\nnode n2 n2.conf\nat 10 link-down n1 eth0\nat 20 link-up n1 eth0\nrun 40\n");
        Assert.Equal(10, r.FirstTo("n1", VrrpState.Fault)!.Value.TotalSeconds, 3);
        Assert.NotNull(r.FirstTo("n2", VrrpState.Master));
        Assert.Equal(20, r.FirstTo("n1", VrrpState.Backup, after: 10)!.Value.TotalSeconds, 3);
        Assert.Equal("n1", r.Holder());
    }

    [Fact]
    public void ConditionalConfig_ConfigIdSelectsLines()
    {
        using var ws = new ScenarioWorkspace();
        ws.Write("shared.conf", """
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
            @main    priority 150
            @backup  priority 50
                virtual_ipaddress {
                    192.168.200.10/24
                }
            }
            """);
        var r = ws.Run("node a shared.conf backup\nnode b shared.conf main\nrun 10\n");
        Assert.Equal("b", r.Holder());
        Assert.Contains(r.Transitions, t => t.Node == "b" && t.To == VrrpState.Master && t.Priority == 150);
    }
}
