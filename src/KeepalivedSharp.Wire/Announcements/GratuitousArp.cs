using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace KeepalivedSharp.Wire.Announcements;

/// <summary>
/// The gratuitous ARP keepalived sends for an IPv4 VIP (RFC 5798 6.4.1, RFC 5227 2.4): Ethernet
/// broadcast, ARP request (opcode 1), sender and target IP both the VIP, sender hardware the
/// interface (or virtual) MAC, target hardware ff:ff:ff:ff:ff:ff (as keepalived's vrrp_arp.c
/// fills it, where RFC 5227 would say zero). 42 bytes, no padding.
/// </summary>
public static class GratuitousArp
{
    public const int FrameLength = Ethernet.HeaderLength + ArpLength;
    private const int ArpLength = 28;
    public const ushort OpRequest = 1;
    public const ushort OpReply = 2;

    public static int Write(Span<byte> frame, ReadOnlySpan<byte> senderMac, IPAddress virtualAddress)
    {
        if (virtualAddress.AddressFamily != AddressFamily.InterNetwork)
            throw new ArgumentException("gratuitous ARP announces an IPv4 address", nameof(virtualAddress));
        if (frame.Length < FrameLength) throw new ArgumentException($"frame needs {FrameLength} bytes", nameof(frame));
        Ethernet.WriteHeader(frame, Ethernet.Broadcast, senderMac, Ethernet.EtherTypeArp);
        // RFC 826 packet: hardware type, protocol type, lengths, opcode, sha, spa, tha, tpa.
        var arp = frame.Slice(Ethernet.HeaderLength, ArpLength);
        BinaryPrimitives.WriteUInt16BigEndian(arp, 1); // ARPHRD_ETHER
        BinaryPrimitives.WriteUInt16BigEndian(arp[2..], Ethernet.EtherTypeIPv4);
        arp[4] = Ethernet.MacLength;
        arp[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(arp[6..], OpRequest);
        senderMac.CopyTo(arp[8..]);
        virtualAddress.TryWriteBytes(arp[14..], out _);
        Ethernet.Broadcast.CopyTo(arp[18..]);
        virtualAddress.TryWriteBytes(arp[24..], out _);
        return FrameLength;
    }

    /// <summary>Reads an Ethernet ARP frame (for tests and monitors). Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> frame, out ArpFrame arp)
    {
        arp = default;
        if (frame.Length < FrameLength || BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) != Ethernet.EtherTypeArp) return false;
        var a = frame.Slice(Ethernet.HeaderLength, ArpLength);
        if (BinaryPrimitives.ReadUInt16BigEndian(a) != 1 || BinaryPrimitives.ReadUInt16BigEndian(a[2..]) != Ethernet.EtherTypeIPv4
            || a[4] != Ethernet.MacLength || a[5] != 4) return false;
        arp = new ArpFrame(
            BinaryPrimitives.ReadUInt16BigEndian(a[6..]),
            a.Slice(8, 6).ToArray(),
            new IPAddress(a.Slice(14, 4)),
            a.Slice(18, 6).ToArray(),
            new IPAddress(a.Slice(24, 4)));
        return true;
    }
}

/// <summary>The fields of an Ethernet/IPv4 ARP packet.</summary>
public readonly record struct ArpFrame(ushort Opcode, byte[] SenderMac, IPAddress SenderIp, byte[] TargetMac, IPAddress TargetIp)
{
    /// <summary>Sender and target protocol address are the same: an announcement of that address.</summary>
    public bool IsGratuitous => SenderIp.Equals(TargetIp);
}
