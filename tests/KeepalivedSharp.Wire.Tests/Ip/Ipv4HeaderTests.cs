using System.Net;
using KeepalivedSharp.Wire.Checksums;
using KeepalivedSharp.Wire.Ip;
using KeepalivedSharp.Wire.Vrrp;

namespace KeepalivedSharp.Wire.Tests.Ip;

public class Ipv4HeaderTests
{
    private static readonly IPAddress Src = IPAddress.Parse("10.0.0.1");
    private static readonly IPAddress Dst = IPAddress.Parse("224.0.0.18");

    [Fact]
    public void Write_ThenTryParse_FieldsAndValidHeaderChecksum()
    {
        var d = new byte[20 + 12];
        Assert.Equal(20, Ipv4Header.Write(d, Src, Dst, IpProtocol.Vrrp, 12, ttl: 255, identification: 0x1234));
        Assert.Equal(0, InternetChecksum.Compute(d.AsSpan(0, 20)));
        Assert.Equal(VrrpParseError.None, Ipv4Header.TryParse(d, out var h));
        Assert.Equal((20, (byte)0xc0, (ushort)32, (ushort)0x1234, (ushort)0, (byte)255, (byte)112), (h.HeaderLength, h.TypeOfService, h.TotalLength, h.Identification, h.FlagsAndFragmentOffset, h.Ttl, h.Protocol));
        Assert.Equal((Src, Dst), (h.Source, h.Destination));
    }

    [Fact]
    public void TryParse_Options_HeaderLengthCountsThem()
    {
        var d = new byte[24 + 8];
        Ipv4Header.Write(d, Src, Dst, IpProtocol.Vrrp, 12, 255);
        d[0] = 0x46;
        Assert.Equal(VrrpParseError.None, Ipv4Header.TryParse(d, out var h));
        Assert.Equal(24, h.HeaderLength);
    }

    [Fact]
    public void TryParse_IhlBeyondDatagram_Truncated()
    {
        var d = new byte[24];
        Ipv4Header.Write(d, Src, Dst, IpProtocol.Vrrp, 4, 255);
        d[0] = 0x47; // 28-byte header in a 24-byte datagram
        Assert.Equal(VrrpParseError.Truncated, Ipv4Header.TryParse(d, out _));
    }

    [Fact]
    public void TryParse_TotalLengthBelowHeaderLength_BadLength()
    {
        var d = new byte[24];
        Ipv4Header.Write(d, Src, Dst, IpProtocol.Vrrp, 4, 255);
        d[2] = 0;
        d[3] = 16;
        Assert.Equal(VrrpParseError.BadLength, Ipv4Header.TryParse(d, out _));
    }

    [Fact]
    public void Write_Ipv6Address_Throws()
    {
        Assert.Throws<ArgumentException>(() => Ipv4Header.Write(new byte[40], IPAddress.IPv6Loopback, Dst, IpProtocol.Vrrp, 8, 255));
    }
}
