using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Daemon.Tests.Daemon;

/// <summary>
/// unicast_ttl and a peer's min_ttl/max_ttl against keepalived 2.2.7 in namespaces: our adverts carry the TTL
/// we are given, keepalived's range check accepts them or not by it, and ours drops a peer outside its range
/// (vrrp.c vrrp_check_packet), as keepalived does.
/// </summary>
[Trait("Category", "Root")]
[Collection(nameof(NamespaceTests))]
public class UnicastTtlInteropTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    /// <summary>keepalived's Master_Down_Interval at priority 100 and 1 s adverts, plus a second.</summary>
    private static readonly TimeSpan PastMasterDown = TimeSpan.FromSeconds(3 + 156 / 256.0 + 1);

    private static string Config(int self, int peer, int priority, string peerOptions = "", string extra = "") => $$"""
        vrrp_instance VI_1 {
            state BACKUP
            interface eth0
            virtual_router_id 51
            priority {{priority}}
            advert_int 1
            unicast_src_ip 10.0.0.{{self}}
            unicast_peer {
                10.0.0.{{peer}} {{peerOptions}}
            }
            {{extra}}
            virtual_ipaddress {
                10.0.0.100/24
            }
        }
        """;

    [Theory]
    [InlineData("min_ttl 10 max_ttl 10", true)]
    [InlineData("min_ttl 11", false)]
    public void OursWithUnicastTtl10_KeepalivedRangeDecides(string keepalivedRange, bool accepted)
    {
        using var lab = new InteropLab();
        using var capture = PacketCapture.Start(lab.Lab, lab.Peer, "eth0", 3, "ip proto 112 and src 10.0.0.1");
        using var ours = lab.OursMaster(Config(1, 2, 150, extra: "unicast_ttl 10"));
        var adverts = capture.Wait(Bound);
        Assert.Equal(3, adverts.Count);
        Assert.All(adverts, p => Assert.Equal(10, p.Bytes[14 + 8])); // the IPv4 header's TTL

        using var keepalived = lab.KeepalivedBackup(Config(2, 1, 100, keepalivedRange));
        if (accepted)
        {
            Assert.Throws<TimeoutException>(() => keepalived.Process.WaitForLine("Entering MASTER STATE", PastMasterDown));
            Assert.DoesNotContain(keepalived.Process.Lines, l => l.Contains("not in range", StringComparison.Ordinal));
        }
        else
        {
            keepalived.Process.WaitForLine(@"\(VI_1\) TTL/HL 10 not in range 11 - 255", Bound);
            keepalived.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", Bound);
        }
    }

    [Fact]
    public void KeepalivedMasterAtTtl255_OursWithPeerRange10To20_DropsItsAdvertsAndTakesOver()
    {
        using var lab = new InteropLab();
        using var keepalived = KeepalivedRunner.Start(lab.Lab, lab.Peer, Config(2, 1, 150));
        keepalived.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", Bound);

        using var ours = OurDaemon.Start(lab.Lab, lab.Ours, Config(1, 2, 100, "min_ttl 10 max_ttl 20"));
        ours.Process.WaitForLine(@"\(VI_1\) dropped advert from 10\.0\.0\.2: TtlOutOfRange \(TTL/HL 255 not in range 10 - 20\)", Bound);
        ours.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", Bound);
    }
}
