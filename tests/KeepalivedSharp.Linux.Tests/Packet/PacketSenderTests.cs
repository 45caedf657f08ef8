using KeepalivedSharp.Lab;
using KeepalivedSharp.Linux.Native;
using KeepalivedSharp.Linux.Packet;
using KeepalivedSharp.Linux.RtNetlink;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Linux.Tests.Packet;

[Trait("Category", "Root")]
[Collection(NamespaceCollection.Name)]
public sealed class PacketSenderTests
{
    [Fact]
    public void Send_GratuitousArp_PeerSeesExactFrame()
    {
        using var lab = new NamespaceLab();
        var us = lab.AddHost("us", "eth0", "10.0.0.2/24");
        var peer = lab.AddHost("peer", "eth0", "10.0.0.3/24");
        var (ifindex, mac) = NetworkNamespace.Run(us, () =>
        {
            using var client = new RtNetlinkClient();
            var l = client.Find("eth0")!;
            return (l.Index, l.HardwareAddress);
        });

        // RFC 5227 style gratuitous ARP request for 10.0.0.100 from our MAC (RFC 826 layout).
        byte[] frame =
        [
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, .. mac, 0x08, 0x06,
            0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x01,
            .. mac, 10, 0, 0, 100,
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 10, 0, 0, 100,
        ];
        using var capture = PacketCapture.Start(lab, peer, "eth0", 1, "arp and host 10.0.0.100");
        using (var sender = NetworkNamespace.Run(us, () => PacketSender.Open(ifindex)))
            sender.Send(frame);
        var packets = capture.Wait(TimeSpan.FromSeconds(15));

        var p = Assert.Single(packets);
        Assert.Equal(frame, p.Bytes[..frame.Length]);
        Assert.Contains("10.0.0.100", p.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Send_RuntFrame_Throws()
    {
        using var lab = new NamespaceLab();
        var us = lab.AddHost("us", "eth0");
        var ifindex = NetworkNamespace.Run(us, () => InterfaceNames.IndexOf("eth0"));
        using var sender = NetworkNamespace.Run(us, () => PacketSender.Open(ifindex));
        Assert.Throws<ArgumentException>(() => sender.Send(new byte[10]));
    }
}
