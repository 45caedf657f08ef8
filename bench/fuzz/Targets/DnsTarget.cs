using System.Buffers.Binary;
using System.Text;
using KeepalivedSharp.Probes.Dns;

namespace KeepalivedSharp.Fuzz;

/// <summary>
/// DNS_CHECK's codec without the socket. Input: the query ID (octets 0-1), then a datagram judged by
/// <see cref="DnsReply.Judge"/>; the same octets, read as UTF-8, are also a name for <see cref="DnsQuery.Write"/>.
/// Invariants: a verdict only for a whole header with our ID and QR set, success exactly for RCODE 0, a query
/// within 12 + 255 + 4 octets that its own ID judges as not an answer (QR clear), and nothing throws.
/// </summary>
internal sealed class DnsTarget : IFuzzTarget
{
    // The name string and its label split; the query buffer.
    public long AllocationBound(int inputLength) => 4096 + 64L * inputLength;

    public void Run(ReadOnlySpan<byte> input)
    {
        if (input.Length < 2) return;
        var id = BinaryPrimitives.ReadUInt16BigEndian(input);
        var datagram = input[2..];
        var r = DnsReply.Judge(datagram, id);
        bool ours = datagram.Length >= DnsQuery.HeaderLength && BinaryPrimitives.ReadUInt16BigEndian(datagram) == id && (datagram[2] & 0x80) != 0;
        WorkBound.Check(ours == (r.Kind != DnsReplyKind.Ignored), $"{r.Kind} for a datagram that is{(ours ? "" : " not")} our answer");
        if (ours) WorkBound.Check((r.Kind == DnsReplyKind.Success) == ((datagram[3] & 0xF) == 0), $"{r.Kind} with RCODE {datagram[3] & 0xF}");

        var name = Encoding.UTF8.GetString(datagram);
        if (name.Length == 0 || name.Contains("..", StringComparison.Ordinal) || (name[0] == '.' && name.Length > 1)) return; // the binder rejects these
        var query = new byte[DnsQuery.HeaderLength + DnsQuery.MaxName + 4];
        int n = DnsQuery.Write(query, id, name, 6);
        WorkBound.Check(n is 0 or (>= DnsQuery.HeaderLength + 5 and <= DnsQuery.HeaderLength + DnsQuery.MaxName + 4), $"query of {n} octets");
        if (n > 0) WorkBound.Check(DnsReply.Judge(query.AsSpan(0, n), id).Kind == DnsReplyKind.Ignored, "our own query judged as an answer");
    }

    public IEnumerable<(string Name, byte[] Bytes)> Seeds(string root)
    {
        string[] hex =
        [
            "BEEF" + "BEEF81800001000100000000" + "00" + "00060001",
            "0007" + "00078183000100000001000007" + "6578616D706C65" + "0000010001",
            "0007" + "0008818000010000",
            "0007" + "00070100000100000000000000060001",
            "0001" + "000181800001000000000000C00C",
        ];
        var i = 0;
        foreach (var h in hex) yield return ($"reply-{i++}", Convert.FromHexString(h));
        yield return ("name-0", [0, 1, .. Encoding.ASCII.GetBytes("www.example.test.")]);
        yield return ("name-1", [0, 2, .. Encoding.ASCII.GetBytes(new string('a', 64) + ".test")]);
    }
}
