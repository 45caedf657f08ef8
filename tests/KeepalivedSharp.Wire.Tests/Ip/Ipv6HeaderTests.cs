using System.Net;
using KeepalivedSharp.Wire.Ip;

namespace KeepalivedSharp.Wire.Tests.Ip;

public class Ipv6HeaderTests
{
    [Fact]
    public void Write_TrafficClassLengthNextHeaderHopLimit_Rfc8200Layout()
    {
        var h = new byte[40];
        Assert.Equal(40, Ipv6Header.Write(h, IPAddress.Parse("fe80::1"), IPAddress.Parse("ff02::12"), IpProtocol.Vrrp, 24, 255, trafficClass: 0xc0));
        Assert.Equal([0x6c, 0x00, 0x00, 0x00, 0x00, 24, 112, 255], h[..8]);
        Assert.Equal(IPAddress.Parse("fe80::1"), new IPAddress(h.AsSpan(8, 16)));
        Assert.Equal(IPAddress.Parse("ff02::12"), new IPAddress(h.AsSpan(24, 16)));
    }

    [Fact]
    public void Write_Ipv4Address_Throws()
    {
        Assert.Throws<ArgumentException>(() => Ipv6Header.Write(new byte[40], IPAddress.Loopback, IPAddress.IPv6Loopback, 58, 8, 255));
    }
}
