using System.Net;
using KeepalivedSharp.Wire.Tests.Support;
using KeepalivedSharp.Wire.Vrrp;

namespace KeepalivedSharp.Wire.Tests.Vrrp;

public class VrrpWriterTests
{
    [Fact]
    public void WriteIPv4Datagram_V2Pass_LayoutAsRfc3768()
    {
        var d = Samples.Datagram(Samples.V2Pass);
        Assert.Equal(20 + 8 + 4 + 8, d.Length);
        Assert.Equal([0x45, 0xc0, 0x00, 40, 0, 0, 0, 0, 255, 112], d[..10]);
        Assert.Equal([0x21, 51, 100, 1, 1, 1], d[20..26]);
        Assert.Equal([10, 1, 0, 100], d[28..32]);
        Assert.Equal("secret\0\0"u8.ToArray(), d[32..40]);
    }

    [Fact]
    public void WriteMessage_V3_IntervalIn12BitsReservedZero()
    {
        var buffer = new byte[64];
        var n = VrrpWriter.WriteMessage(buffer, VrrpPacket.CreateV3(1, 100, 0xffff, []), Samples.Src4, Samples.Group4);
        Assert.Equal(8, n);
        Assert.Equal([0x31, 1, 100, 0, 0x0f, 0xff], buffer[..6]);
    }

    [Fact]
    public void WriteMessage_V2OverIpv6_Throws()
    {
        var packet = VrrpPacket.CreateV2(1, 100, 1, [IPAddress.Parse("fd00::1")]);
        Assert.Throws<ArgumentException>(() => VrrpWriter.WriteMessage(new byte[64], packet, Samples.Src6, Samples.Group6));
    }

    [Fact]
    public void WriteMessage_MixedFamilyAddresses_Throws()
    {
        var packet = VrrpPacket.CreateV3(1, 100, 100, [IPAddress.Parse("fd00::1")]);
        Assert.Throws<ArgumentException>(() => VrrpWriter.WriteMessage(new byte[64], packet, Samples.Src4, Samples.Group4));
    }

    [Fact]
    public void WriteMessage_BufferTooSmall_Throws()
    {
        Assert.Throws<ArgumentException>(() => VrrpWriter.WriteMessage(new byte[10], Samples.V2Pass, Samples.Src4, Samples.Group4));
    }

    [Fact]
    public void GetMessageLength_PerVersionAndFamily_IncludesV2AuthOnlyForIpv4()
    {
        Assert.Equal(8 + 4 + 8, VrrpWriter.GetMessageLength(Samples.V2Pass, System.Net.Sockets.AddressFamily.InterNetwork));
        Assert.Equal(8 + 8, VrrpWriter.GetMessageLength(Samples.V3Ipv4, System.Net.Sockets.AddressFamily.InterNetwork));
        Assert.Equal(8 + 16, VrrpWriter.GetMessageLength(Samples.V3Ipv6, System.Net.Sockets.AddressFamily.InterNetworkV6));
    }
}
