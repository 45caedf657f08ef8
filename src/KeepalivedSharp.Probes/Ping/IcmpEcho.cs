using System.Buffers.Binary;

namespace KeepalivedSharp.Probes.Ping;

/// <summary>
/// An ICMP/ICMPv6 echo header over a datagram (RFC 792, RFC 4443 4.1): type, code, checksum,
/// identifier, sequence. On a SOCK_DGRAM ICMP socket the kernel fills in the identifier and checksum.
/// </summary>
public readonly ref struct IcmpEcho(ReadOnlySpan<byte> packet)
{
    public const int HeaderLength = 8;
    public const byte EchoRequestV4 = 8, EchoReplyV4 = 0, EchoRequestV6 = 128, EchoReplyV6 = 129;

    private readonly ReadOnlySpan<byte> _p = packet;

    public bool IsComplete => _p.Length >= HeaderLength;
    public byte Type => _p[0];
    public ushort Sequence => BinaryPrimitives.ReadUInt16BigEndian(_p[6..]);

    /// <summary>Writes an echo request with <paramref name="sequence"/> and keepalived's payload; returns its length.</summary>
    public static int WriteRequest(Span<byte> buffer, bool v6, ushort sequence)
    {
        buffer[..HeaderLength].Clear();
        buffer[0] = v6 ? EchoRequestV6 : EchoRequestV4;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[6..], sequence);
        Udp.UdpPayload.Fill(buffer[HeaderLength..]);
        return buffer.Length;
    }
}
