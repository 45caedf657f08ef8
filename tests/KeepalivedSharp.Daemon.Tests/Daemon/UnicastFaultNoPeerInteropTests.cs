using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Daemon.Tests.Daemon;

/// <summary>
/// unicast_fault_no_peer with no peers, ours and keepalived 2.2.7 side by side in their namespaces: both
/// hold the instance in FAULT and send no advert (vrrp.c vrrp_complete_instance: num_config_faults).
/// </summary>
[Trait("Category", "Root")]
[Collection(nameof(NamespaceTests))]
public class UnicastFaultNoPeerInteropTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private static string Config(int self) => $$"""
        vrrp_instance VI_1 {
            state MASTER
            interface eth0
            virtual_router_id 51
            priority 150
            advert_int 1
            unicast_fault_no_peer
            unicast_src_ip 10.0.0.{{self}}
            virtual_ipaddress {
                10.0.0.100/24
            }
        }
        """;

    [Fact]
    public void NoPeers_BothHoldTheInstanceInFault_NoAdvertsNoVip()
    {
        using var lab = new InteropLab();
        using var capture = PacketCapture.Start(lab.Lab, lab.Peer, "eth0", 1, "ip proto 112");
        using var keepalived = KeepalivedRunner.Start(lab.Lab, lab.Peer, Config(2));
        using var ours = OurDaemon.Start(lab.Lab, lab.Ours, Config(1));
        keepalived.Process.WaitForLine(@"\(VI_1\) Cannot use unicast without any peers - going to fault state", Bound);
        // keepalived starts it in FAULT without an "Entering FAULT STATE" line (it only logs "removing VIPs").
        keepalived.Process.WaitForLine(@"\(VI_1\) removing VIPs", Bound);
        ours.Process.WaitForLine(@"\(VI_1\) Cannot use unicast without any peers - going to fault state", Bound);
        ours.Process.WaitForLine(@"\(VI_1\) Entering FAULT STATE", Bound);

        // Past a master-down interval: neither has sent an advert or taken the VIP.
        Assert.Empty(capture.Wait(TimeSpan.FromSeconds(5)));
        Assert.False(InteropLab.HasAddress(lab.Ours, "10.0.0.100"), ours.Process.Output);
        Assert.False(InteropLab.HasAddress(lab.Peer, "10.0.0.100"), keepalived.Process.Output);
        Assert.DoesNotContain(ours.Process.Lines, l => l.Contains("Entering MASTER STATE", StringComparison.Ordinal));
    }
}
