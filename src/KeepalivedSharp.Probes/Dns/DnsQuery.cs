using System.Buffers.Binary;
using System.Text;

namespace KeepalivedSharp.Probes.Dns;

/// <summary>
/// DNS_CHECK's query (check_dns.c dns_make_query): a 12-octet header with a random ID, only RD set and
/// QDCOUNT 1 (RFC 1035 4.1.1), then QNAME, QTYPE and QCLASS IN (4.1.2). No EDNS record, as keepalived.
/// </summary>
public static class DnsQuery
{
    public const int HeaderLength = 12;

    /// <summary>RFC 1035 2.3.4: a label is at most 63 octets, a name at most 255 on the wire.</summary>
    public const int MaxLabel = 63, MaxName = 255;

    /// <summary>RD, bit 8 of the flags word (check_dns.h DNS_SET_RD).</summary>
    public const ushort RecursionDesired = 1 << 8;

    /// <summary>
    /// Writes the query for <paramref name="name"/> ("." is the root, a trailing dot is optional) into
    /// <paramref name="destination"/>; the length written, or 0 when the name cannot be encoded (a label over
    /// 63 octets or a name over 255, which keepalived would send malformed) or the buffer is too small.
    /// </summary>
    public static int Write(Span<byte> destination, ushort id, string name, ushort type)
    {
        int need = HeaderLength + MaxName + 4;
        if (destination.Length < need) return 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination, id);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], RecursionDesired);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], 1);
        destination[6..HeaderLength].Clear();
        int p = HeaderLength;
        var q = destination.Slice(HeaderLength, MaxName);
        int n = 0;
        if (name != ".")
        {
            foreach (var label in name.TrimEnd('.').Split('.'))
            {
                int len = Encoding.UTF8.GetByteCount(label);
                // The config layer rejects empty labels (dns_name_handler); a label of 0 would end the name.
                if (len is 0 or > MaxLabel || n + 1 + len + 1 > MaxName) return 0;
                q[n++] = (byte)len;
                n += Encoding.UTF8.GetBytes(label, q[n..]);
            }
        }
        q[n++] = 0;
        p += n;
        BinaryPrimitives.WriteUInt16BigEndian(destination[p..], type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(p + 2)..], 1); // IN
        return p + 4;
    }
}
