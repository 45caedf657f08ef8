using System.Buffers.Binary;
using System.Net;
using KeepalivedSharp.Wire.Checksums;
using KeepalivedSharp.Wire.Vrrp;

namespace KeepalivedSharp.Wire.Tests.Support;

/// <summary>Well-formed sample datagrams the hardening tests then damage.</summary>
internal static class Samples
{
    public static readonly IPAddress Src4 = IPAddress.Parse("10.1.0.1");
    public static readonly IPAddress Group4 = IPAddress.Parse("224.0.0.18");
    public static readonly IPAddress Src6 = IPAddress.Parse("fe80::1");
    public static readonly IPAddress Group6 = IPAddress.Parse("ff02::12");

    public static VrrpPacket V2Pass => VrrpPacket.CreateV2(51, 100, 1, [IPAddress.Parse("10.1.0.100")], VrrpAuthType.Password, VrrpAuthData.FromPassword("secret"));
    public static VrrpPacket V3Ipv4 => VrrpPacket.CreateV3(52, 150, 100, [IPAddress.Parse("10.1.0.100"), IPAddress.Parse("10.1.0.101")]);
    public static VrrpPacket V3Ipv6 => VrrpPacket.CreateV3(53, 200, 100, [IPAddress.Parse("fd00::100")]);

    public static byte[] Datagram(VrrpPacket packet, byte ttl = 255)
    {
        var buffer = new byte[1500];
        var n = VrrpWriter.WriteIPv4Datagram(buffer, packet, Src4, Group4, ttl);
        return buffer[..n];
    }

    public static byte[] Message6(VrrpPacket packet)
    {
        var buffer = new byte[1500];
        var n = VrrpWriter.WriteMessage(buffer, packet, Src6, Group6);
        return buffer[..n];
    }

    /// <summary>Recomputes the VRRP checksum of a v2 message at <paramref name="offset"/> after an edit.</summary>
    public static void FixV2Checksum(byte[] datagram, int offset)
    {
        var m = datagram.AsSpan(offset);
        BinaryPrimitives.WriteUInt16BigEndian(m[6..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(m[6..], InternetChecksum.Compute(m));
    }

    /// <summary>Recomputes the IPv4 header checksum after an edit.</summary>
    public static void FixIpChecksum(byte[] datagram)
    {
        var ihl = (datagram[0] & 0x0f) * 4;
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(10), 0);
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(10), InternetChecksum.Compute(datagram.AsSpan(0, ihl)));
    }
}
