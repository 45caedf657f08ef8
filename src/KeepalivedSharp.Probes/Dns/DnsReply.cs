using System.Buffers.Binary;

namespace KeepalivedSharp.Probes.Dns;

/// <summary>What one received datagram means to DNS_CHECK (check_dns.c dns_recv_thread).</summary>
public enum DnsReplyKind
{
    /// <summary>Not the answer to our query (short, another ID, QR clear): dropped, the wait goes on.</summary>
    Ignored,
    /// <summary>Our answer with RCODE 0: the check passed (the answer count is not looked at).</summary>
    Success,
    /// <summary>Our answer with another RCODE: the check failed.</summary>
    Error,
}

/// <summary>
/// The header of a reply, read from the first 12 octets only (RFC 1035 4.1.1); nothing past the header is
/// parsed, so any datagram is judged in constant time and never throws.
/// </summary>
public readonly record struct DnsReply(DnsReplyKind Kind, ushort Id, int ResponseCode)
{
    /// <summary>QR, bit 15 of the flags word (check_dns.h DNS_QR).</summary>
    public const ushort Response = 1 << 15;

    /// <summary>
    /// Judges <paramref name="datagram"/> against the query ID <paramref name="id"/>. A datagram shorter than a
    /// header is ignored: keepalived compares with sizeof of a pointer (8 octets) there, which would accept
    /// 8..11-octet stubs; we want the whole header.
    /// </summary>
    public static DnsReply Judge(ReadOnlySpan<byte> datagram, ushort id)
    {
        if (datagram.Length < DnsQuery.HeaderLength) return default;
        var got = BinaryPrimitives.ReadUInt16BigEndian(datagram);
        var flags = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        int rcode = flags & 0xF;
        if (got != id || (flags & Response) == 0) return new(DnsReplyKind.Ignored, got, rcode);
        return new(rcode == 0 ? DnsReplyKind.Success : DnsReplyKind.Error, got, rcode);
    }
}
