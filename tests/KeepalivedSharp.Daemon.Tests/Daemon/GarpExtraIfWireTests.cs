using System.Globalization;
using KeepalivedSharp.Lab;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Daemon.Tests.Daemon;

/// <summary>
/// A VIP on another interface than the instance's: its GARPs go out on that interface with that
/// interface's MAC (vrrp_arp.c send_gratuitous_arp_immediate), and garp_extra_if all refreshes it
/// every interval while MASTER (vrrp.c vrrp_send_vmac_update). Seen by tcpdump on each interface.
/// </summary>
[Trait("Category", "Root")]
[Collection(nameof(NamespaceTests))]
public class GarpExtraIfWireTests
{
    private const string Config = """
        vrrp_instance VI_1 {
            interface eth0
            virtual_router_id 51
            priority 150
            advert_int 1
            garp_master_delay 0
            garp_master_repeat 1
            garp_extra_if all 1
            virtual_ipaddress {
                10.0.0.100/24
                10.1.0.100/24 dev eth1
            }
        }
        """;

    [Fact]
    public void VipOnAnotherInterface_GarpsThereWithItsMac_RefreshedEveryInterval()
    {
        using var lab = new InteropLab();
        lab.Lab.AddInterface(lab.Ours, "eth1");
        var mac = Mac(lab.Ours, "eth1");
        using var onEth1 = PacketCapture.Start(lab.Lab, lab.Ours, "eth1", 4, "arp");
        using var onEth0 = PacketCapture.Start(lab.Lab, lab.Ours, "eth0", 50, "arp");
        using var ours = lab.OursMaster(Config);

        var eth1 = onEth1.Wait(TimeSpan.FromSeconds(15));
        Assert.Equal(4, eth1.Count);
        Assert.All(eth1, p =>
        {
            Assert.Equal(mac, Convert.ToHexString(p.Bytes.AsSpan(6, 6)));   // Ethernet source
            Assert.Equal(mac, Convert.ToHexString(p.Bytes.AsSpan(22, 6)));  // ARP sender hardware address
            Assert.Equal("0A010064", Convert.ToHexString(p.Bytes.AsSpan(28, 4))); // sender 10.1.0.100
        });
        // The first with the takeover, then one with each advert past the 1 s interval.
        var gaps = eth1.Zip(eth1.Skip(1), (a, b) => (b.Timestamp!.Value - a.Timestamp!.Value).TotalSeconds).ToList();
        Assert.All(gaps, g => Assert.InRange(g, 0.5, 1.6));

        var eth0 = onEth0.Wait(TimeSpan.FromSeconds(1));
        Assert.NotEmpty(eth0);
        Assert.All(eth0, p => Assert.NotEqual("0A010064", Convert.ToHexString(p.Bytes.AsSpan(28, 4))));
    }

    private static string Mac(string ns, string ifName)
        => NamespaceLab.Run(ns, TimeSpan.FromSeconds(10), "cat", $"/sys/class/net/{ifName}/address").Stdout.Trim()
            .Replace(":", "", StringComparison.Ordinal).ToUpper(CultureInfo.InvariantCulture);
}
