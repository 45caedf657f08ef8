using System.Buffers.Binary;
using System.Net;
using KeepalivedSharp.Wire.Tests.Support;
using KeepalivedSharp.Wire.Vrrp;

namespace KeepalivedSharp.Wire.Tests.Vrrp;

/// <summary>Structural cases of hardening.md 1-10: each is dropped with its reason and counted.</summary>
public class VrrpParserTests
{
    /// <summary>Parses through a fresh counter set and asserts the reason and that exactly it was counted once.</summary>
    private static void AssertDropped(VrrpParseError expected, byte[] datagram)
        => AssertCounted(expected, VrrpParser.ParseIPv4(datagram));

    /// <summary>The V2 PASS sample with one VRRP octet replaced and its checksum made right again.</summary>
    private static byte[] V2PassWith(int vrrpOffset, byte value)
    {
        var d = Samples.Datagram(Samples.V2Pass);
        d[20 + vrrpOffset] = value;
        Samples.FixV2Checksum(d, 20);
        return d;
    }

    private static VrrpParseResult ParseV6(byte[] message, int hopLimit = 255)
        => VrrpParser.ParseIPv6(message, Samples.Src6, Samples.Group6, hopLimit);

    private static void AssertCounted(VrrpParseError expected, VrrpParseResult result)
    {
        var counters = new ParseErrorCounters();
        Assert.False(counters.Record(result));
        Assert.Equal(expected, result.Error);
        Assert.Equal(1, counters[expected]);
        Assert.Equal(1, counters.Total);
    }

    [Fact]
    public void ParseIPv4_ValidV2Pass_ReturnsEveryField()
    {
        var result = VrrpParser.ParseIPv4(Samples.Datagram(Samples.V2Pass));
        Assert.True(result.IsValid, result.Error.ToString());
        var p = result.Packet;
        Assert.Equal((2, 1, 51, 100, 1, 100), (p.Version, p.Type, p.VirtualRouterId, p.Priority, p.AdvertIntervalRaw, p.AdvertIntervalCentiseconds));
        Assert.Equal(VrrpAuthType.Password, p.AuthType);
        Assert.Equal("secret\0\0"u8.ToArray(), p.AuthData.ToArray());
        Assert.Equal([IPAddress.Parse("10.1.0.100")], p.Addresses);
        Assert.Equal(Samples.Src4, result.Source);
        Assert.Equal(Samples.Group4, result.Destination);
        Assert.Equal(255, result.TtlOrHopLimit);
    }

    [Fact]
    public void ParseIPv4_Ttl254Multicast_BadTtlCounted()
    {
        AssertDropped(VrrpParseError.BadTtl, Samples.Datagram(Samples.V2Pass, ttl: 254));
    }

    [Fact]
    public void ParseIPv4_Ttl254Unicast_Accepted()
    {
        var result = VrrpParser.ParseIPv4(Samples.Datagram(Samples.V3Ipv4, ttl: 64), VrrpReceiveOptions.Unicast);
        Assert.True(result.IsValid);
        Assert.Equal(64, result.TtlOrHopLimit);
    }

    [Theory]
    [InlineData(254)]
    [InlineData(1)]
    [InlineData(-1)]
    public void ParseIPv6_HopLimitNot255OrMissing_BadTtlCounted(int hopLimit)
    {
        AssertCounted(VrrpParseError.BadTtl, ParseV6(Samples.Message6(Samples.V3Ipv6), hopLimit));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(19)]
    public void ParseIPv4_TinyDatagram_TooShort(int length)
    {
        AssertDropped(VrrpParseError.TooShort, new byte[length]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void ParseIPv6_TinyMessage_TooShort(int length)
    {
        Assert.Equal(VrrpParseError.TooShort, ParseV6(new byte[length]).Error);
    }

    [Fact]
    public void ParseIPv4_IpHeaderWithNoVrrpBytes_TooShort()
    {
        var d = Samples.Datagram(Samples.V2Pass)[..27];
        BinaryPrimitives.WriteUInt16BigEndian(d.AsSpan(2), 27);
        Assert.Equal(VrrpParseError.TooShort, VrrpParser.ParseIPv4(d).Error);
    }

    [Fact]
    public void ParseIPv4_Count255WithOneAddress_AddressCountMismatch()
    {
        AssertDropped(VrrpParseError.AddressCountMismatch, V2PassWith(3, 255));
    }

    [Fact]
    public void ParseIPv6_Count255WithOneAddress_AddressCountMismatch()
    {
        var m = Samples.Message6(Samples.V3Ipv6);
        m[3] = 255;
        Assert.Equal(VrrpParseError.AddressCountMismatch, ParseV6(m).Error);
    }

    [Fact]
    public void ParseIPv4_TotalLengthBeyondBytesWithPass_BadLength()
    {
        var d = Samples.Datagram(Samples.V2Pass);
        BinaryPrimitives.WriteUInt16BigEndian(d.AsSpan(2), (ushort)(d.Length + 8));
        Samples.FixIpChecksum(d);
        AssertDropped(VrrpParseError.BadLength, d);
    }

    [Fact]
    public void ParseIPv4_BytesBeyondTotalLength_BadLength()
    {
        var d = Samples.Datagram(Samples.V2Pass);
        Assert.Equal(VrrpParseError.BadLength, VrrpParser.ParseIPv4([.. d, 0, 0, 0, 0]).Error);
    }

    [Fact]
    public void ParseIPv4_HeaderWithOptions_ParsedCorrectly()
    {
        var plain = Samples.Datagram(Samples.V3Ipv4);
        // IHL 6: a 4-byte Router Alert option (RFC 2113) between header and message.
        byte[] d = [.. plain[..20], 0x94, 0x04, 0x00, 0x00, .. plain[20..]];
        d[0] = 0x46;
        BinaryPrimitives.WriteUInt16BigEndian(d.AsSpan(2), (ushort)d.Length);
        Samples.FixIpChecksum(d);
        var withOptions = VrrpParser.ParseIPv4(d);
        Assert.True(withOptions.IsValid, withOptions.Error.ToString());
        Assert.Equal(VrrpParser.ParseIPv4(plain).Packet, withOptions.Packet);
    }

    [Theory]
    [InlineData(6, 22)]
    [InlineData(15, 40)]
    public void ParseIPv4_TruncatedOptions_Truncated(int ihl, int received)
    {
        var d = new byte[received];
        d[0] = (byte)(0x40 | ihl);
        BinaryPrimitives.WriteUInt16BigEndian(d.AsSpan(2), (ushort)received);
        d[8] = 255;
        d[9] = 112;
        AssertDropped(VrrpParseError.Truncated, d);
    }

    [Theory]
    [InlineData(0x55)]
    [InlineData(0x44)]
    [InlineData(0x65)]
    public void ParseIPv4_BadIpVersionOrIhl_BadIpHeader(byte first)
    {
        var d = Samples.Datagram(Samples.V2Pass);
        d[0] = first;
        Assert.Equal(VrrpParseError.BadIpHeader, VrrpParser.ParseIPv4(d).Error);
    }

    [Fact]
    public void ParseIPv4_AhProtocol_UnsupportedProtocol()
    {
        var d = Samples.Datagram(Samples.V2Pass);
        d[9] = 51;
        Assert.Equal(VrrpParseError.UnsupportedProtocol, VrrpParser.ParseIPv4(d).Error);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(0)]
    [InlineData(15)]
    public void ParseIPv4_VrrpVersionNot2Or3_BadVersionCounted(int version)
    {
        AssertDropped(VrrpParseError.BadVersion, V2PassWith(0, (byte)((version << 4) | 1)));
    }

    [Fact]
    public void ParseIPv6_Version2_BadVersion()
    {
        var m = Samples.Message6(Samples.V3Ipv6);
        m[0] = 0x21;
        Assert.Equal(VrrpParseError.BadVersion, ParseV6(m).Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(15)]
    public void ParseIPv4_TypeNotAdvertisement_BadTypeCounted(int type)
    {
        AssertDropped(VrrpParseError.BadType, V2PassWith(0, (byte)(0x20 | type)));
    }

    [Fact]
    public void ParseIPv4_V2BadChecksum_BadChecksumCounted()
    {
        var d = Samples.Datagram(Samples.V2Pass);
        d[20 + 6] ^= 0x01;
        AssertDropped(VrrpParseError.BadChecksum, d);
    }

    [Fact]
    public void ParseIPv4_V3BadChecksum_BadChecksumCounted()
    {
        var d = Samples.Datagram(Samples.V3Ipv4);
        d[20 + 2] ^= 0x40; // priority changed, checksum left stale
        AssertDropped(VrrpParseError.BadChecksum, d);
    }

    [Fact]
    public void ParseIPv6_V3BadChecksum_BadChecksum()
    {
        var m = Samples.Message6(Samples.V3Ipv6);
        m[^1] ^= 0x01;
        Assert.Equal(VrrpParseError.BadChecksum, ParseV6(m).Error);
    }

    [Fact]
    public void ParseIPv6_V3FromOtherSource_BadChecksumBecausePseudoHeaderDiffers()
    {
        var m = Samples.Message6(Samples.V3Ipv6);
        Assert.Equal(VrrpParseError.BadChecksum, VrrpParser.ParseIPv6(m, IPAddress.Parse("fe80::2"), Samples.Group6, 255).Error);
    }

    [Fact]
    public void ParseIPv4_AuthType3_InvalidAuthTypeCounted()
    {
        AssertDropped(VrrpParseError.InvalidAuthType, V2PassWith(4, 3));
    }

    [Fact]
    public void ParseIPv4_V3ChecksumAsV2_AcceptedOnlyWithOption()
    {
        var buffer = new byte[100];
        var n = VrrpWriter.WriteIPv4Datagram(buffer, Samples.V3Ipv4, Samples.Src4, Samples.Group4, checksum: new VrrpChecksumOptions(V3WithoutPseudoHeader: true));
        var d = buffer[..n];
        Assert.Equal(VrrpParseError.BadChecksum, VrrpParser.ParseIPv4(d).Error);
        Assert.True(VrrpParser.ParseIPv4(d, new VrrpReceiveOptions(V3WithoutPseudoHeader: true)).IsValid);
    }

    [Fact]
    public void ParseIPv4_OldUnicastChecksum_AcceptedAndFlaggedWhenAllowed()
    {
        var peer = IPAddress.Parse("10.1.0.2");
        var buffer = new byte[100];
        var n = VrrpWriter.WriteIPv4Datagram(buffer, Samples.V3Ipv4, Samples.Src4, peer, ttl: 64,
            checksum: new VrrpChecksumOptions(PseudoHeaderDestination: Samples.Group4));
        var d = buffer[..n];
        Assert.Equal(VrrpParseError.BadChecksum, VrrpParser.ParseIPv4(d, new VrrpReceiveOptions(SkipTtlCheck: true)).Error);
        var compat = VrrpParser.ParseIPv4(d, VrrpReceiveOptions.Unicast);
        Assert.True(compat.IsValid);
        Assert.True(compat.UsedOldUnicastChecksum);
    }

    [Fact]
    public void ParseIPv4_V3_ReservedIntervalBitsIgnored()
    {
        var d = Samples.Datagram(Samples.V3Ipv4);
        var result = VrrpParser.ParseIPv4(d);
        Assert.Equal(100, result.Packet.AdvertIntervalCentiseconds);
        Assert.Equal(VrrpAuthType.None, result.Packet.AuthType);
        Assert.Equal(VrrpAuthData.Empty, result.Packet.AuthData);
    }

    [Fact]
    public void ParseIPv4_RejectedDatagram_AllocatesNothing()
    {
        var d = Samples.Datagram(Samples.V2Pass, ttl: 254);
        VrrpParser.ParseIPv4(d);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = VrrpParser.ParseMessage(d.AsSpan(20), Samples.Src4, Samples.Group4, 254, default).Error;
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(VrrpParseError.BadTtl, error);
    }

    [Fact]
    public void ParseIPv4_ValidAdvert_AllocatesOnlyTheResultAddresses()
    {
        var d = Samples.Datagram(Samples.V3Ipv4);
        VrrpParser.ParseIPv4(d);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = VrrpParser.ParseIPv4(d);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(result.IsValid);
        // Two header addresses, two VIPs and the array holding them: well under 512 bytes.
        Assert.InRange(allocated, 1, 512);
    }
}
