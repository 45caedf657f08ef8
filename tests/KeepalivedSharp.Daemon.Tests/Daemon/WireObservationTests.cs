using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Daemon.Tests.Daemon;

/// <summary>
/// What the running daemon puts on the wire, seen by independent observers: tcpdump captures it on
/// the peer, tshark's dissectors decode it, with no checksum, malformation or expert warnings.
/// </summary>
[Trait("Category", "Root")]
[Trait("Category", "Root")]
[Collection(nameof(NamespaceTests))]
public class WireObservationTests
{
    [Theory]
    [InlineData("v2")]
    [InlineData("pass")]
    [InlineData("v3-ipv4")]
    [InlineData("v3-ipv6")]
    [InlineData("mcast-group4")]
    [InlineData("mcast-dst6")]
    public void Master_AdvertsAndAnnouncements_DecodeCleanlyInTshark(string name)
    {
        var v = InteropVariant.All[name];
        using var lab = new InteropLab();
        string filter = v.Ipv6 ? "ip6 proto 112 or icmp6[icmp6type] == 136" : "ip proto 112 or arp";
        using var capture = PacketCapture.Start(lab.Lab, lab.Peer, "eth0", 8, filter);
        using var ours = lab.OursMaster(v.Config(1, 2, 150));
        var packets = capture.Wait(TimeSpan.FromSeconds(10));
        Assert.True(packets.Count >= 6, $"captured {packets.Count} packets");

        var rows = Tshark.Decode([.. packets.Select(p => p.Bytes)],
            ["ip.dst", "ipv6.dst", "vrrp.version", "vrrp.prio", "vrrp.ip_addr", "vrrp.ipv6_addr", "vrrp.checksum.status", "arp.src.proto_ipv4", "arp.dst.proto_ipv4", "icmpv6.nd.na.target_address", "icmpv6.checksum.status"]);
        // tshark expects TTL 1 towards 224.0.0.0/24 except for VRRP's own group; VRRP sends 255 to any group (RFC 3768 5.2.3), as keepalived does.
        Assert.All(rows, r => Assert.Equal("", v.Destination == "224.0.0.77" ? r["expert"].Replace("\"Time To Live\" != 1 for a packet sent to the Local Network Control Block (see RFC 3171)", "", StringComparison.Ordinal) : r["expert"]));
        Assert.All(rows, r => Assert.Equal("", r["malformed"]));

        var adverts = rows.Where(r => r["vrrp.prio"] != "").ToList();
        Assert.NotEmpty(adverts);
        Assert.All(adverts, r =>
        {
            Assert.Equal(v.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), r["vrrp.version"]);
            Assert.Equal("150", r["vrrp.prio"]);
            Assert.Equal(v.Vip, v.Ipv6 ? r["vrrp.ipv6_addr"] : r["vrrp.ip_addr"]);
            Assert.Equal(v.Destination, v.Ipv6 ? r["ipv6.dst"] : r["ip.dst"]);
            Assert.Equal("1", r["vrrp.checksum.status"]); // tshark: 1 = good, 0 = bad, 2 = unverified (v3's covers the destination)
        });

        var announcements = rows.Where(r => r["arp.src.proto_ipv4"] != "" || r["icmpv6.nd.na.target_address"] != "").ToList();
        Assert.NotEmpty(announcements);
        Assert.All(announcements, r =>
        {
            if (v.Ipv6)
            {
                Assert.Equal(v.Vip, r["icmpv6.nd.na.target_address"]);
                Assert.Equal("1", r["icmpv6.checksum.status"]);
            }
            else
            {
                Assert.Equal(v.Vip, r["arp.src.proto_ipv4"]);
                Assert.Equal(v.Vip, r["arp.dst.proto_ipv4"]);
            }
        });
    }
}
