using System.Buffers.Binary;
using System.Net;
using CsCheck;
using KeepalivedSharp.Wire.Ip;
using KeepalivedSharp.Wire.Tests.Support;
using KeepalivedSharp.Wire.Vrrp;

namespace KeepalivedSharp.Wire.Tests.Vrrp;

public class VrrpPropertyTests
{
    private static readonly Gen<IPAddress> Ipv4 = Gen.Byte.Array[4].Select(b => new IPAddress(b));
    private static readonly Gen<IPAddress> Ipv6 = Gen.Byte.Array[16].Select(b => new IPAddress(b));

    private static readonly Gen<VrrpPacket> V2 = Gen.Select(Gen.Byte, Gen.Byte, Gen.Byte, Ipv4.Array[0, 40], Gen.Enum<VrrpAuthType>(), Gen.ULong,
        (vrid, prio, interval, addresses, authType, auth) => VrrpPacket.CreateV2(vrid, prio, interval, addresses, authType, new VrrpAuthData(auth)));

    private static Gen<VrrpPacket> V3(Gen<IPAddress> address) => Gen.Select(Gen.Byte, Gen.Byte, Gen.UShort[0, 4095], address.Array[0, 40],
        (vrid, prio, interval, addresses) => VrrpPacket.CreateV3(vrid, prio, interval, addresses));

    [Fact]
    public void WriteThenParse_RandomV2Ipv4_RoundTrips()
    {
        Gen.Select(V2, Ipv4).Sample((packet, src) =>
        {
            var buffer = new byte[2048];
            var n = VrrpWriter.WriteIPv4Datagram(buffer, packet, src, IpProtocol.VrrpGroupV4);
            var result = VrrpParser.ParseIPv4(buffer.AsSpan(0, n));
            return result.IsValid && result.Packet with { Checksum = 0 } == packet && result.Source!.Equals(src);
        });
    }

    [Fact]
    public void WriteThenParse_RandomV3Ipv4_RoundTrips()
    {
        Gen.Select(V3(Ipv4), Ipv4, Ipv4, Gen.Bool).Sample((packet, src, dst, asV2) =>
        {
            var buffer = new byte[2048];
            var n = VrrpWriter.WriteIPv4Datagram(buffer, packet, src, dst, checksum: new VrrpChecksumOptions(asV2));
            var result = VrrpParser.ParseIPv4(buffer.AsSpan(0, n), new VrrpReceiveOptions(V3WithoutPseudoHeader: asV2));
            return result.IsValid && result.Packet with { Checksum = 0 } == packet;
        });
    }

    [Fact]
    public void WriteThenParse_RandomV3Ipv6_RoundTrips()
    {
        Gen.Select(V3(Ipv6), Ipv6, Ipv6).Sample((packet, src, dst) =>
        {
            var buffer = new byte[2048];
            var n = VrrpWriter.WriteMessage(buffer, packet, src, dst);
            var result = VrrpParser.ParseIPv6(buffer.AsSpan(0, n), src, dst, 255);
            return result.IsValid && result.Packet with { Checksum = 0 } == packet;
        });
    }

    [Fact]
    public void Parse_RandomBytes_NeverThrows()
    {
        Gen.Byte.Array[0, 600].Sample(bytes =>
        {
            var r4 = VrrpParser.ParseIPv4(bytes);
            var r6 = VrrpParser.ParseIPv6(bytes, Samples.Src6, Samples.Group6, bytes.Length > 0 ? bytes[0] : -1);
            return Enum.IsDefined(r4.Error) && Enum.IsDefined(r6.Error);
        });
    }

    [Fact]
    public void Parse_RandomPayloadBehindValidIpHeader_NeverThrows()
    {
        // Random VRRP bytes behind a consistent IPv4 header reach the deeper checks.
        Gen.Select(Gen.Byte.Array[0, 300], Gen.Byte[0, 15]).Sample((payload, options) =>
        {
            var d = new byte[20 + payload.Length];
            Ipv4Header.Write(d, Samples.Src4, Samples.Group4, IpProtocol.Vrrp, payload.Length, 255);
            payload.CopyTo(d, 20);
            var result = VrrpParser.ParseIPv4(d, new VrrpReceiveOptions((options & 1) != 0, (options & 2) != 0, (options & 4) != 0));
            return Enum.IsDefined(result.Error);
        });
    }

    [Fact]
    public void Parse_ValidDatagramWithOneByteFlipped_NeverThrowsAndRejectsVrrpDamage()
    {
        var original = Samples.Datagram(Samples.V2Pass);
        Gen.Select(Gen.Int[0, original.Length - 1], Gen.Byte[1, 255]).Sample((index, mask) =>
        {
            var d = (byte[])original.Clone();
            d[index] ^= mask;
            var result = VrrpParser.ParseIPv4(d);
            // The IP header checksum is not the parser's job (the kernel drops those); any flip
            // inside the VRRP message must be caught, by the checksum at the latest.
            return index < 20 || !result.IsValid;
        });
    }

    [Fact]
    public void Parse_TruncatedValidDatagram_NeverValid()
    {
        var original = Samples.Datagram(Samples.V3Ipv4);
        Gen.Int[0, original.Length - 1].Sample(length => !VrrpParser.ParseIPv4(original.AsSpan(0, length)).IsValid);
    }
}
