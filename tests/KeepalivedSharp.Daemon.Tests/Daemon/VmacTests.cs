using KeepalivedSharp.Lab;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Daemon.Tests.Daemon;

/// <summary>use_vmac: a macvlan with the VRRP virtual MAC carries the VIP and the announcements, and goes away on stop.</summary>
[Trait("Category", "Root")]
[Trait("Category", "Root")]
[Collection(nameof(NamespaceTests))]
public class VmacTests
{
    [Fact]
    public void UseVmac_MasterHoldsVipOnVmacWithVirtualMac_GarpFromIt_DeletedOnStop()
    {
        var v = InteropVariant.V2;
        using var lab = new InteropLab();
        var config = v.Config(1, 2, 150).Replace("    virtual_ipaddress {", "    use_vmac\n    virtual_ipaddress {", StringComparison.Ordinal);
        using var capture = PacketCapture.Start(lab.Lab, lab.Peer, "eth0", 2, "arp");
        using var ours = OurDaemon.Start(lab.Lab, lab.Ours, config);
        ours.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", TimeSpan.FromSeconds(20));

        var link = NamespaceLab.Run(lab.Ours, TimeSpan.FromSeconds(10), "ip", "-d", "link", "show", "vrrp.51").Stdout;
        Assert.Contains("00:00:5e:00:01:33", link, StringComparison.Ordinal);
        Assert.Contains("macvlan", link, StringComparison.Ordinal);
        var addresses = NamespaceLab.Run(lab.Ours, TimeSpan.FromSeconds(10), "ip", "-o", "addr", "show", "dev", "vrrp.51").Stdout;
        Assert.Contains($" {v.Vip}/", addresses, StringComparison.Ordinal);

        var garps = capture.Wait(TimeSpan.FromSeconds(10));
        Assert.NotEmpty(garps);
        // The frame's Ethernet source is the virtual MAC (bytes 6..11).
        Assert.Equal([0x00, 0x00, 0x5e, 0x00, 0x01, 51], garps[0].Bytes[6..12]);

        ours.Process.Signal("TERM");
        Assert.True(ours.Process.WaitForExit(TimeSpan.FromSeconds(10)), ours.Process.Output);
        var after = NamespaceLab.Run(lab.Ours, TimeSpan.FromSeconds(10), "ip", "link", "show", "vrrp.51");
        Assert.NotEqual(0, after.ExitCode);
    }
}
