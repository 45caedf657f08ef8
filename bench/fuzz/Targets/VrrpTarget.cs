using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Wire.Ip;
using KeepalivedSharp.Wire.Vrrp;

namespace KeepalivedSharp.Fuzz;

/// <summary>
/// The VRRP receive path's parser (VrrpTransport's calls). Input: one flags octet (bit 0: IPv6, bit 1: skip the
/// TTL check, bit 2: v3 checksum as v2, bit 3: accept the old unicast checksum), then an IPv4 datagram, or for
/// IPv6 source (16), destination (16), hop limit (1) and the message. A message the parser accepts must be
/// written back by <see cref="VrrpWriter"/> into one it accepts as the same packet.
/// </summary>
internal sealed class VrrpTarget : IFuzzTarget
{
    private const int V6Prefix = 1 + 16 + 16 + 1;

    public long AllocationBound(int inputLength) => 64 * 1024 + 64L * inputLength;

    public void Run(ReadOnlySpan<byte> input)
    {
        if (input.Length == 0) return;
        var flags = input[0];
        var options = new VrrpReceiveOptions((flags & 2) != 0, (flags & 4) != 0, (flags & 8) != 0);
        VrrpParseResult result;
        ReadOnlySpan<byte> data;
        var family = (flags & 1) != 0 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        if (family == AddressFamily.InterNetworkV6)
        {
            if (input.Length < V6Prefix) return;
            data = input[V6Prefix..];
            result = VrrpParser.ParseIPv6(data, new IPAddress(input.Slice(1, 16)), new IPAddress(input.Slice(17, 16)), input[33], options);
        }
        else
        {
            data = input[1..];
            result = VrrpParser.ParseIPv4(data, options);
        }
        var peeked = VrrpParser.TryPeekVirtualRouterId(data, family, out var vrid);
        if (!result.IsValid) return;
        WorkBound.Check(peeked && vrid == result.Packet.VirtualRouterId, $"accepted VRID {result.Packet.VirtualRouterId}, peeked {(peeked ? vrid : "none")}");
        WorkBound.Check(result.Source is not null && result.Destination is not null, "accepted without source or destination");
        RoundTrip(result, options);
    }

    private static void RoundTrip(in VrrpParseResult result, in VrrpReceiveOptions options)
    {
        var packet = result.Packet;
        var checksum = new VrrpChecksumOptions(options.V3WithoutPseudoHeader, result.UsedOldUnicastChecksum ? IpProtocol.VrrpGroupV4 : null);
        Span<byte> buffer = stackalloc byte[VrrpWriter.GetMessageLength(packet, result.Source!.AddressFamily)];
        var n = VrrpWriter.WriteMessage(buffer, packet, result.Source, result.Destination!, checksum);
        var again = VrrpParser.ParseMessage(buffer[..n], result.Source, result.Destination!, 255, options);
        WorkBound.Check(again.IsValid, $"written back, the packet is rejected: {again.Error}");
        WorkBound.Check(again.Packet with { Checksum = 0 } == packet with { Checksum = 0 }, "written back, the packet reads differently");
    }

    public IEnumerable<(string Name, byte[] Bytes)> Seeds(string root)
    {
        var fixtures = Path.Combine(root, "tests", "KeepalivedSharp.Wire.Tests", "Fixtures");
        foreach (var pcap in Directory.EnumerateFiles(fixtures, "*.pcap").Order(StringComparer.Ordinal))
        {
            var i = 0;
            foreach (var frame in Pcap.Frames(File.ReadAllBytes(pcap)))
            {
                if (Seed(frame) is { } seed) yield return ($"pcap-{Path.GetFileNameWithoutExtension(pcap)}-{i++}", seed);
            }
        }
        var v4 = IPAddress.Parse("10.0.0.1");
        var v6 = IPAddress.Parse("fe80::1");
        var buffer = new byte[1024];
        var n = VrrpWriter.WriteIPv4Datagram(buffer, VrrpPacket.CreateV2(1, 100, 1, [IPAddress.Parse("10.0.0.100")], VrrpAuthType.Password, VrrpAuthData.FromPassword("secret")), v4, IpProtocol.VrrpGroupV4);
        yield return ("writer-v2-pass", [0, .. buffer[..n]]);
        n = VrrpWriter.WriteIPv4Datagram(buffer, VrrpPacket.CreateV3(2, 200, 100, [IPAddress.Parse("10.0.0.100"), IPAddress.Parse("10.0.0.101")]), v4, IPAddress.Parse("10.0.0.2"),
            checksum: new VrrpChecksumOptions(false, IpProtocol.VrrpGroupV4));
        yield return ("writer-v3-old-unicast", [8 | 2, .. buffer[..n]]);
        n = VrrpWriter.WriteMessage(buffer, VrrpPacket.CreateV3(3, 150, 100, [IPAddress.Parse("fd00::100")]), v6, IpProtocol.VrrpGroupV6);
        yield return ("writer-v3-ipv6", [1, .. v6.GetAddressBytes(), .. IpProtocol.VrrpGroupV6.GetAddressBytes(), 255, .. buffer[..n]]);
    }

    /// <summary>An Ethernet frame as an input: IPv4 as it stands, IPv6 split into its addresses, hop limit and payload.</summary>
    private static byte[]? Seed(byte[] frame)
    {
        if (frame.Length < 14) return null;
        var ethertype = BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(12));
        var ip = frame.AsSpan(14);
        if (ethertype == 0x0800 && ip.Length >= 20 && ip[9] == IpProtocol.Vrrp) return [0, .. ip];
        if (ethertype == 0x86dd && ip.Length >= 40 && ip[6] == IpProtocol.Vrrp) return [1, .. ip.Slice(8, 32), ip[7], .. ip[40..]];
        return null;
    }
}
