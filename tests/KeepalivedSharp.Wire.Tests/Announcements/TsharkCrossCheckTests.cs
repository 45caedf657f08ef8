using KeepalivedSharp.TestKit;
using System.Net;
using KeepalivedSharp.Wire.Announcements;
using KeepalivedSharp.Wire.Tests.Support;

namespace KeepalivedSharp.Wire.Tests.Announcements;

/// <summary>Our GARP and NA frames decoded by Wireshark's dissectors.</summary>
public class TsharkCrossCheckTests
{
    [Fact]
    public void GratuitousArpWrite_TsharkSeesGratuitousRequest()
    {
        var frame = new byte[GratuitousArp.FrameLength];
        GratuitousArp.Write(frame, Frames.Mac, IPAddress.Parse("10.7.0.5"));
        var row = Tshark.Decode([frame], ["eth.dst", "arp.opcode", "arp.isgratuitous", "arp.src.hw_mac", "arp.src.proto_ipv4", "arp.dst.hw_mac", "arp.dst.proto_ipv4"])[0];
        Assert.Equal(("ff:ff:ff:ff:ff:ff", "1", "1"), (row["eth.dst"], row["arp.opcode"], row["arp.isgratuitous"]));
        Assert.Equal(("02:00:00:00:00:01", "10.7.0.5"), (row["arp.src.hw_mac"], row["arp.src.proto_ipv4"]));
        Assert.Equal(("ff:ff:ff:ff:ff:ff", "10.7.0.5"), (row["arp.dst.hw_mac"], row["arp.dst.proto_ipv4"]));
        Assert.Equal("", row["malformed"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void UnsolicitedNaWrite_TsharkSeesFlagsTargetOptionAndGoodChecksum(bool router)
    {
        var frame = new byte[UnsolicitedNeighborAdvertisement.FrameLength];
        UnsolicitedNeighborAdvertisement.Write(frame, Frames.Mac, IPAddress.Parse("fd00:7::5"), router);
        var row = Tshark.Decode([frame],
            ["eth.dst", "ipv6.src", "ipv6.dst", "ipv6.hlim", "icmpv6.type", "icmpv6.checksum.status", "icmpv6.nd.na.flag.r", "icmpv6.nd.na.flag.s",
             "icmpv6.nd.na.flag.o", "icmpv6.nd.na.target_address", "icmpv6.opt.linkaddr"])[0];
        Assert.Equal(("33:33:00:00:00:01", "fd00:7::5", "ff02::1", "255"), (row["eth.dst"], row["ipv6.src"], row["ipv6.dst"], row["ipv6.hlim"]));
        Assert.Equal(("136", "1"), (row["icmpv6.type"], row["icmpv6.checksum.status"]));
        Assert.Equal((router ? "1" : "0", "0", "1"), (row["icmpv6.nd.na.flag.r"], row["icmpv6.nd.na.flag.s"], row["icmpv6.nd.na.flag.o"]));
        Assert.Equal(("fd00:7::5", "02:00:00:00:00:01"), (row["icmpv6.nd.na.target_address"], row["icmpv6.opt.linkaddr"]));
        Assert.Equal("", row["expert"]);
        Assert.Equal("", row["malformed"]);
    }
}
