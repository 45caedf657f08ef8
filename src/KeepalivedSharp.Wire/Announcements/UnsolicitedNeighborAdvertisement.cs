using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Wire.Checksums;
using KeepalivedSharp.Wire.Ip;

namespace KeepalivedSharp.Wire.Announcements;

/// <summary>
/// The unsolicited Neighbor Advertisement keepalived sends for an IPv6 VIP (RFC 4861 4.4 and
/// 7.2.6), as its vrrp_ndisc.c builds it: Ethernet to 33:33:00:00:00:01; IPv6 from the VIP itself
/// to ff02::1, traffic class and flow label 0, hop limit 255; ICMPv6 type 136 with Override set,
/// Solicited clear, Router set only when the interface forwards IPv6; target the VIP; a Target
/// Link-Layer Address option with the sender MAC. 86 bytes.
/// </summary>
public static class UnsolicitedNeighborAdvertisement
{
    private const int IcmpLength = 24 + 8; // NA (RFC 4861 4.4) + TLLA option (4.6.1)
    public const int FrameLength = Ethernet.HeaderLength + Ipv6Header.Length + IcmpLength;
    public const byte TypeNeighborAdvertisement = 136;
    public const byte FlagRouter = 0x80;
    public const byte FlagSolicited = 0x40;
    public const byte FlagOverride = 0x20;
    private const byte OptionTargetLinkLayerAddress = 2;

    public static int Write(Span<byte> frame, ReadOnlySpan<byte> senderMac, IPAddress virtualAddress, bool router)
    {
        if (virtualAddress.AddressFamily != AddressFamily.InterNetworkV6)
            throw new ArgumentException("a neighbor advertisement announces an IPv6 address", nameof(virtualAddress));
        if (frame.Length < FrameLength) throw new ArgumentException($"frame needs {FrameLength} bytes", nameof(frame));
        Ethernet.WriteHeader(frame, Ethernet.AllNodesV6, senderMac, Ethernet.EtherTypeIPv6);

        // Traffic class and flow label 0; RFC 4861 7.1.2: hop limit 255.
        Ipv6Header.Write(frame[Ethernet.HeaderLength..], virtualAddress, IpProtocol.AllNodesV6, IpProtocol.Icmpv6, IcmpLength, 255);

        var icmp = frame.Slice(Ethernet.HeaderLength + Ipv6Header.Length, IcmpLength);
        icmp.Clear();
        icmp[0] = TypeNeighborAdvertisement;
        icmp[4] = (byte)(FlagOverride | (router ? FlagRouter : 0));
        virtualAddress.TryWriteBytes(icmp[8..], out _);
        icmp[24] = OptionTargetLinkLayerAddress;
        icmp[25] = 1; // length in units of 8 octets
        senderMac.CopyTo(icmp[26..]);
        var sum = InternetChecksum.AddPseudoHeader(0, virtualAddress, IpProtocol.AllNodesV6, IpProtocol.Icmpv6, IcmpLength);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], InternetChecksum.Finish(InternetChecksum.Add(sum, icmp)));
        return FrameLength;
    }
}
