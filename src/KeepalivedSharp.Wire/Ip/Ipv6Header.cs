using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace KeepalivedSharp.Wire.Ip;

/// <summary>The fixed IPv6 header (RFC 8200 3), for frames built whole (packet sockets).</summary>
public static class Ipv6Header
{
    public const int Length = 40;

    /// <summary>Writes version 6 with the given traffic class, flow label 0, no extension headers.</summary>
    public static int Write(Span<byte> destination, IPAddress source, IPAddress target, byte nextHeader, int payloadLength, byte hopLimit, byte trafficClass = 0)
    {
        if (source.AddressFamily != AddressFamily.InterNetworkV6 || target.AddressFamily != AddressFamily.InterNetworkV6)
            throw new ArgumentException("IPv6 addresses required", nameof(source));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadLength, ushort.MaxValue);
        var h = destination[..Length];
        BinaryPrimitives.WriteUInt32BigEndian(h, 0x6000_0000u | ((uint)trafficClass << 20));
        BinaryPrimitives.WriteUInt16BigEndian(h[4..], (ushort)payloadLength);
        h[6] = nextHeader;
        h[7] = hopLimit;
        source.TryWriteBytes(h[8..], out _);
        target.TryWriteBytes(h[24..], out _);
        return Length;
    }
}
