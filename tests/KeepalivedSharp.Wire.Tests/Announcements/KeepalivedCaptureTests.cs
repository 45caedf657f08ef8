using System.Net;
using KeepalivedSharp.Wire.Announcements;
using KeepalivedSharp.Wire.Tests.Support;

namespace KeepalivedSharp.Wire.Tests.Announcements;

/// <summary>GARP and unsolicited NA frames sent by real keepalived 2.2.7 when it became master.</summary>
public class KeepalivedCaptureTests
{
    [Fact]
    public void GratuitousArpWrite_KeepalivedFields_WholeFrameIdentical()
    {
        var captured = Fixtures.Frames("garp")[0];
        var built = new byte[GratuitousArp.FrameLength];
        Assert.Equal(42, GratuitousArp.Write(built, Fixtures.SenderMac, IPAddress.Parse("10.9.0.51")));
        Assert.Equal(captured, built);
    }

    [Fact]
    public void GratuitousArpTryParse_KeepalivedFrame_RequestForTheVip()
    {
        Assert.True(GratuitousArp.TryParse(Fixtures.Frames("garp")[0], out var arp));
        Assert.Equal(GratuitousArp.OpRequest, arp.Opcode);
        Assert.Equal(Fixtures.SenderMac, arp.SenderMac);
        Assert.Equal(IPAddress.Parse("10.9.0.51"), arp.SenderIp);
        Assert.Equal(IPAddress.Parse("10.9.0.51"), arp.TargetIp);
        Assert.Equal(Ethernet.Broadcast.ToArray(), arp.TargetMac);
        Assert.True(arp.IsGratuitous);
    }

    [Fact]
    public void UnsolicitedNaWrite_KeepalivedFieldsNoForwarding_WholeFrameIdentical()
    {
        // The capture namespace does not forward IPv6, so keepalived leaves the Router flag clear.
        var captured = Fixtures.Frames("unsolicited-na")[0];
        var built = new byte[UnsolicitedNeighborAdvertisement.FrameLength];
        Assert.Equal(86, UnsolicitedNeighborAdvertisement.Write(built, Fixtures.SenderMac, IPAddress.Parse("fd00:9::54"), router: false));
        Assert.Equal(captured, built);
    }
}
