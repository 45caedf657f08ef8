using KeepalivedSharp.TestKit;
using System.Net;
using KeepalivedSharp.Wire.Tests.Support;
using KeepalivedSharp.Wire.Vrrp;

namespace KeepalivedSharp.Wire.Tests.Vrrp;

/// <summary>Our adverts decoded by Wireshark's VRRP dissector: the fields we meant, good checksums, no warnings.</summary>
public class TsharkCrossCheckTests
{
    private static readonly string[] VrrpFields =
    [
        "vrrp.version", "vrrp.type", "vrrp.virt_rtr_id", "vrrp.prio", "vrrp.addr_count", "vrrp.auth_type", "vrrp.adver_int",
        "vrrp.short_adver_int", "vrrp.checksum.status", "vrrp.ip_addr", "vrrp.ipv6_addr", "vrrp.auth_string", "ip.checksum.status", "ip.ttl",
    ];

    private const string ChecksumGood = "1";
    private static readonly IPAddress Src4 = IPAddress.Parse("10.7.0.1");
    private static readonly IPAddress Group4 = IPAddress.Parse("224.0.0.18");

    [Fact]
    public void WriteIPv4Datagram_V2PassAndNone_TsharkDecodesFieldsChecksumGood()
    {
        var rows = Tshark.Decode(
            [
                Frames.Ipv4(VrrpPacket.CreateV2(7, 100, 1, [IPAddress.Parse("10.7.0.100")]), Src4, Group4),
                Frames.Ipv4(VrrpPacket.CreateV2(255, 254, 255, [IPAddress.Parse("10.7.0.100"), IPAddress.Parse("10.7.0.200")],
                    VrrpAuthType.Password, VrrpAuthData.FromPassword("longpassword")), Src4, Group4),
            ],
            VrrpFields, "ip.check_checksum:TRUE");
        AssertRow(rows[0], ("vrrp.version", "2"), ("vrrp.type", "1"), ("vrrp.virt_rtr_id", "7"), ("vrrp.prio", "100"), ("vrrp.addr_count", "1"),
            ("vrrp.auth_type", "0"), ("vrrp.adver_int", "1"), ("vrrp.ip_addr", "10.7.0.100"));
        AssertRow(rows[1], ("vrrp.virt_rtr_id", "255"), ("vrrp.prio", "254"), ("vrrp.addr_count", "2"), ("vrrp.auth_type", "1"),
            ("vrrp.adver_int", "255"), ("vrrp.ip_addr", "10.7.0.100,10.7.0.200"), ("vrrp.auth_string", "longpass"));
    }

    [Fact]
    public void WriteIPv4Datagram_V3_TsharkDecodesFieldsChecksumGood()
    {
        var rows = Tshark.Decode([Frames.Ipv4(VrrpPacket.CreateV3(42, 1, 4095, [IPAddress.Parse("10.7.0.42")]), Src4, Group4)],
            VrrpFields, "ip.check_checksum:TRUE");
        AssertRow(rows[0], ("vrrp.version", "3"), ("vrrp.virt_rtr_id", "42"), ("vrrp.prio", "1"), ("vrrp.short_adver_int", "4095"),
            ("vrrp.ip_addr", "10.7.0.42"));
    }

    [Fact]
    public void WriteIPv4Datagram_V3ChecksumAsV2_GoodOnlyUnderTsharksV2Preference()
    {
        var frame = Frames.Ipv4(VrrpPacket.CreateV3(42, 100, 100, [IPAddress.Parse("10.7.0.42")]), Src4, Group4, new VrrpChecksumOptions(V3WithoutPseudoHeader: true));
        AssertRow(Tshark.Decode([frame], VrrpFields, "vrrp.v3_checksum_as_in_v2:TRUE", "ip.check_checksum:TRUE")[0], ("vrrp.version", "3"));
        var strict = Tshark.Decode([frame], VrrpFields)[0];
        Assert.Equal("0", strict["vrrp.checksum.status"]);
        Assert.Contains("Bad checksum", strict["expert"], StringComparison.Ordinal);
    }

    [Fact]
    public void WriteMessage_V3Ipv6_TsharkDecodesFieldsChecksumGood()
    {
        var frame = Frames.Ipv6(VrrpPacket.CreateV3(9, 200, 100, [IPAddress.Parse("fd00:7::9"), IPAddress.Parse("fd00:7::10")]),
            IPAddress.Parse("fe80::1"), IPAddress.Parse("ff02::12"));
        var row = Tshark.Decode([frame], [.. VrrpFields, "ipv6.hlim"])[0];
        Assert.Equal("255", row["ipv6.hlim"]);
        AssertRow(row, ("vrrp.version", "3"), ("vrrp.virt_rtr_id", "9"), ("vrrp.prio", "200"), ("vrrp.addr_count", "2"),
            ("vrrp.short_adver_int", "100"), ("vrrp.ipv6_addr", "fd00:7::9,fd00:7::10"));
    }

    private static void AssertRow(IReadOnlyDictionary<string, string> row, params (string Field, string Value)[] expected)
    {
        foreach (var (field, value) in expected)
            Assert.True(row[field] == value, $"{field}: tshark says '{row[field]}', expected '{value}'");
        Assert.Equal(ChecksumGood, row["vrrp.checksum.status"]);
        // IPv4 frames: TTL 255 and a verified header checksum; IPv6 frames have neither field.
        if (row["ip.ttl"].Length > 0)
        {
            Assert.Equal("255", row["ip.ttl"]);
            Assert.Equal(ChecksumGood, row["ip.checksum.status"]);
        }
        Assert.Equal("", row["expert"]);
        Assert.Equal("", row["malformed"]);
    }
}
