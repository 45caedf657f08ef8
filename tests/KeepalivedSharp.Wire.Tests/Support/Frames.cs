using System.Net;
using KeepalivedSharp.Wire.Announcements;
using KeepalivedSharp.Wire.Ip;
using KeepalivedSharp.Wire.Vrrp;

namespace KeepalivedSharp.Wire.Tests.Support;

/// <summary>Whole Ethernet frames around our VRRP output, for pcap files.</summary>
internal static class Frames
{
    public static readonly byte[] Mac = [0x02, 0x00, 0x00, 0x00, 0x00, 0x01];

    public static byte[] Ipv4(VrrpPacket packet, IPAddress source, IPAddress destination, VrrpChecksumOptions checksum = default)
    {
        var frame = new byte[1514];
        Ethernet.WriteHeader(frame, [0x01, 0x00, 0x5e, 0x00, 0x00, 0x12], Mac, Ethernet.EtherTypeIPv4);
        var n = VrrpWriter.WriteIPv4Datagram(frame.AsSpan(Ethernet.HeaderLength), packet, source, destination, 255, checksum);
        return frame[..(Ethernet.HeaderLength + n)];
    }

    public static byte[] Ipv6(VrrpPacket packet, IPAddress source, IPAddress destination)
    {
        var frame = new byte[1514];
        Ethernet.WriteHeader(frame, [0x33, 0x33, 0x00, 0x00, 0x00, 0x12], Mac, Ethernet.EtherTypeIPv6);
        var at = Ethernet.HeaderLength + Ipv6Header.Length;
        var n = VrrpWriter.WriteMessage(frame.AsSpan(at), packet, source, destination);
        Ipv6Header.Write(frame.AsSpan(Ethernet.HeaderLength), source, destination, IpProtocol.Vrrp, n, 255, trafficClass: 0xc0);
        return frame[..(at + n)];
    }
}
