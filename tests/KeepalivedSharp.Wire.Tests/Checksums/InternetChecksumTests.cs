using System.Net;
using KeepalivedSharp.Wire.Checksums;

namespace KeepalivedSharp.Wire.Tests.Checksums;

public class InternetChecksumTests
{
    [Fact]
    public void Compute_Rfc1071Example_MatchesComplementOfSum()
    {
        // RFC 1071 4.1: words 0001 f203 f4f5 f6f7 sum to ddf2 (folded); checksum is its complement.
        byte[] data = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7];
        Assert.Equal((ushort)0x220d, InternetChecksum.Compute(data));
    }

    [Fact]
    public void Compute_OddLength_PadsLastByteWithZero()
    {
        Assert.Equal(InternetChecksum.Compute([0x12, 0x34, 0x56, 0x00]), InternetChecksum.Compute([0x12, 0x34, 0x56]));
    }

    [Fact]
    public void Compute_DataIncludingItsChecksum_VerifiesToZero()
    {
        byte[] data = [0x45, 0x00, 0x00, 0x1c, 0xab, 0xcd, 0x00, 0x00];
        var c = InternetChecksum.Compute(data);
        data[6] = (byte)(c >> 8);
        data[7] = (byte)c;
        Assert.Equal(0, InternetChecksum.Compute(data));
    }

    [Fact]
    public void AddPseudoHeader_Ipv4_EqualsSumOfExplicitLayout()
    {
        var src = IPAddress.Parse("10.0.0.1");
        var dst = IPAddress.Parse("224.0.0.18");
        byte[] explicitHeader = [10, 0, 0, 1, 224, 0, 0, 18, 0, 112, 0, 16];
        Assert.Equal(InternetChecksum.Add(0, explicitHeader), InternetChecksum.AddPseudoHeader(0, src, dst, 112, 16));
    }

    [Fact]
    public void AddPseudoHeader_Ipv6_EqualsSumOfExplicitLayout()
    {
        var src = IPAddress.Parse("fe80::1");
        var dst = IPAddress.Parse("ff02::12");
        var explicitHeader = new byte[40];
        src.GetAddressBytes().CopyTo(explicitHeader, 0);
        dst.GetAddressBytes().CopyTo(explicitHeader, 16);
        explicitHeader[35] = 24;
        explicitHeader[39] = 112;
        Assert.Equal(InternetChecksum.Add(0, explicitHeader), InternetChecksum.AddPseudoHeader(0, src, dst, 112, 24));
    }

    [Fact]
    public void AddPseudoHeader_MixedFamilies_Throws()
    {
        Assert.Throws<ArgumentException>(() => InternetChecksum.AddPseudoHeader(0, IPAddress.Loopback, IPAddress.IPv6Loopback, 112, 8));
    }
}
