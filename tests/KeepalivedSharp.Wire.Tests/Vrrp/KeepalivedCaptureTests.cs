using System.Net;
using KeepalivedSharp.Wire.Tests.Support;
using KeepalivedSharp.Wire.Vrrp;

namespace KeepalivedSharp.Wire.Tests.Vrrp;

/// <summary>
/// Adverts sent by real keepalived 2.2.7 (Fixtures/keepalived.conf): our parser reads every field,
/// and our writer, given the same fields, produces the same VRRP bytes.
/// </summary>
public class KeepalivedCaptureTests
{
    private static readonly IPAddress Group4 = IPAddress.Parse("224.0.0.18");

    public static TheoryData<string, int, VrrpPacket> Ipv4Cases => new()
    {
        { "v2-none", 0, Fixtures.Adverts[51] with { Checksum = 0x708e } },
        { "v2-pass", 0, Fixtures.Adverts[52] with { Checksum = 0xc56a } },
        // keepalived stopping (SIGTERM from the capture's timeout) sends priority 0.
        { "v2-pass", 1, Fixtures.Adverts[52] with { Priority = 0, Checksum = 0x5b6b } },
        { "v3-ipv4", 0, Fixtures.Adverts[53] with { Checksum = 0x11c0 } },
    };

    [Theory]
    [MemberData(nameof(Ipv4Cases))]
    public void ParseIPv4_KeepalivedAdvert_EveryFieldAsSent(string fixture, int index, VrrpPacket expected)
    {
        var datagram = Fixtures.Payload(Fixtures.Frames(fixture)[index]);
        var result = VrrpParser.ParseIPv4(datagram);
        Assert.True(result.IsValid, result.Error.ToString());
        Assert.Equal(expected, result.Packet);
        Assert.Equal(expected.AdvertIntervalCentiseconds, result.Packet.AdvertIntervalCentiseconds);
        Assert.Equal(Fixtures.Source4, result.Source);
        Assert.Equal(Group4, result.Destination);
        Assert.Equal(255, result.TtlOrHopLimit);
    }

    [Theory]
    [MemberData(nameof(Ipv4Cases))]
    public void WriteIPv4Datagram_SameFields_SameBytesAsKeepalived(string fixture, int index, VrrpPacket expected)
    {
        var captured = Fixtures.Payload(Fixtures.Frames(fixture)[index]);
        var buffer = new byte[256];
        var n = VrrpWriter.WriteIPv4Datagram(buffer, expected, Fixtures.Source4, Group4);
        var built = buffer[..n];
        Assert.Equal(captured.Length, n);
        // The VRRP message, checksum included, is byte for byte keepalived's.
        Assert.Equal(captured[20..], built[20..]);
        // keepalived leaves the IP identification 0 and the kernel fills it (and so the header
        // checksum); everything else in the header matches.
        Assert.Equal(captured[..4], built[..4]);
        Assert.Equal(captured[6..10], built[6..10]);
        Assert.Equal(captured[12..20], built[12..20]);
    }

    [Fact]
    public void ParseIPv6_KeepalivedV3Advert_EveryFieldAsSent()
    {
        foreach (var frame in Fixtures.Frames("v3-ipv6"))
        {
            var ip = Fixtures.Payload(frame);
            var source = new IPAddress(ip.AsSpan(8, 16));
            var destination = new IPAddress(ip.AsSpan(24, 16));
            var result = VrrpParser.ParseIPv6(ip.AsSpan(40), source, destination, ip[7]);
            Assert.True(result.IsValid, result.Error.ToString());
            Assert.Equal(Fixtures.Adverts[54] with { Checksum = 0xcce6 }, result.Packet);
            Assert.Equal(IPAddress.Parse("fe80::ff:fe00:901"), source);
            Assert.Equal(IPAddress.Parse("ff02::12"), destination);
            Assert.Equal(255, result.TtlOrHopLimit);
        }
    }

    [Fact]
    public void WriteMessage_KeepalivedV3Ipv6Fields_SameBytesAsKernelChecksummed()
    {
        var ip = Fixtures.Payload(Fixtures.Frames("v3-ipv6")[0]);
        var buffer = new byte[64];
        var n = VrrpWriter.WriteMessage(buffer, Fixtures.Adverts[54],
            IPAddress.Parse("fe80::ff:fe00:901"), IPAddress.Parse("ff02::12"));
        Assert.Equal(ip[40..], buffer[..n]);
    }

    [Fact]
    public void ParseIPv4_KeepalivedV3_FailsWhenVerifiedWithoutPseudoHeader()
    {
        // keepalived 2.2.7 includes the IPv4 pseudo-header in v3 checksums.
        var datagram = Fixtures.Payload(Fixtures.Frames("v3-ipv4")[0]);
        Assert.Equal(VrrpParseError.BadChecksum, VrrpParser.ParseIPv4(datagram, new VrrpReceiveOptions(V3WithoutPseudoHeader: true)).Error);
    }
}
