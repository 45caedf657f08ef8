using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Wire.Announcements;

namespace KeepalivedSharp.Wire.Tests.Announcements;

public class AnnouncementTests
{
    private static readonly byte[] Mac = [0x02, 0x11, 0x22, 0x33, 0x44, 0x55];

    [Fact]
    public void VirtualMacFor_Ipv4AndIpv6_RfcPrefixAndVrid()
    {
        Assert.Equal("00005E000133", VirtualMac.For(AddressFamily.InterNetwork, 0x33).ToString());
        Assert.Equal("00005E0002FF", VirtualMac.For(AddressFamily.InterNetworkV6, 255).ToString());
    }

    [Fact]
    public void GratuitousArpWrite_Ipv6Address_Throws()
    {
        Assert.Throws<ArgumentException>(() => GratuitousArp.Write(new byte[64], Mac, IPAddress.Parse("fd00::1")));
    }

    [Fact]
    public void GratuitousArpWrite_ShortMac_Throws()
    {
        Assert.Throws<ArgumentException>(() => GratuitousArp.Write(new byte[64], Mac.AsSpan(0, 5).ToArray(), IPAddress.Parse("10.0.0.1")));
    }

    [Fact]
    public void GratuitousArpTryParse_WrongEtherTypeOrShort_False()
    {
        var frame = new byte[GratuitousArp.FrameLength];
        GratuitousArp.Write(frame, Mac, IPAddress.Parse("10.0.0.1"));
        Assert.False(GratuitousArp.TryParse(frame.AsSpan(0, 41), out _));
        frame[12] = 0x08;
        frame[13] = 0x00;
        Assert.False(GratuitousArp.TryParse(frame, out _));
    }

    [Fact]
    public void UnsolicitedNaWrite_Router_SetsRAndOOnly()
    {
        var frame = new byte[UnsolicitedNeighborAdvertisement.FrameLength];
        UnsolicitedNeighborAdvertisement.Write(frame, Mac, IPAddress.Parse("fd00::5"), router: true);
        Assert.Equal(UnsolicitedNeighborAdvertisement.FlagRouter | UnsolicitedNeighborAdvertisement.FlagOverride, frame[14 + 40 + 4]);
    }

    [Fact]
    public void UnsolicitedNaWrite_Ipv4Address_Throws()
    {
        Assert.Throws<ArgumentException>(() => UnsolicitedNeighborAdvertisement.Write(new byte[128], Mac, IPAddress.Parse("10.0.0.1"), false));
    }
}
