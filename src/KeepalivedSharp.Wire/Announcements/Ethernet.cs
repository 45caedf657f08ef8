using System.Buffers.Binary;

namespace KeepalivedSharp.Wire.Announcements;

/// <summary>Ethernet II framing (IEEE 802.3 / RFC 894) for frames sent on AF_PACKET sockets.</summary>
public static class Ethernet
{
    public const int HeaderLength = 14;
    public const int MacLength = 6;
    public const ushort EtherTypeIPv4 = 0x0800;
    public const ushort EtherTypeArp = 0x0806;
    public const ushort EtherTypeIPv6 = 0x86dd;

    public static ReadOnlySpan<byte> Broadcast => [0xff, 0xff, 0xff, 0xff, 0xff, 0xff];

    /// <summary>33:33:00:00:00:01, the RFC 2464 section 7 mapping of ff02::1.</summary>
    public static ReadOnlySpan<byte> AllNodesV6 => [0x33, 0x33, 0x00, 0x00, 0x00, 0x01];

    public static int WriteHeader(Span<byte> frame, ReadOnlySpan<byte> destination, ReadOnlySpan<byte> source, ushort etherType)
    {
        RequireMac(destination, nameof(destination));
        RequireMac(source, nameof(source));
        destination.CopyTo(frame);
        source.CopyTo(frame[MacLength..]);
        BinaryPrimitives.WriteUInt16BigEndian(frame[(2 * MacLength)..], etherType);
        return HeaderLength;
    }

    public static void RequireMac(ReadOnlySpan<byte> mac, string name)
    {
        if (mac.Length != MacLength) throw new ArgumentException("a MAC address is 6 octets", name);
    }
}
