using System.Buffers.Binary;
using CsCheck;
using KeepalivedSharp.Probes.Dns;

namespace KeepalivedSharp.Probes.Tests.Dns;

public sealed class DnsCodecTests
{
    private static byte[] Query(ushort id, string name, ushort type)
    {
        var buffer = new byte[DnsQuery.HeaderLength + DnsQuery.MaxName + 4];
        int n = DnsQuery.Write(buffer, id, name, type);
        return buffer[..n];
    }

    [Fact]
    public void Write_RootSoa_KeepalivedsBytes()
    {
        // check_dns.c dns_make_query for name "." type SOA: RD only, QDCOUNT 1, QNAME a single 0, QTYPE 6, QCLASS 1.
        Assert.Equal(Convert.FromHexString("BEEF01000001000000000000" + "00" + "0006" + "0001"), Query(0xBEEF, ".", 6));
    }

    [Theory]
    [InlineData("example.com")]
    [InlineData("example.com.")]
    public void Write_Name_LabelsAndRoot_TrailingDotOptional(string name)
    {
        var q = Query(1, name, 1);
        Assert.Equal(Convert.FromHexString("076578616D706C6503636F6D00" + "0001" + "0001"), q[DnsQuery.HeaderLength..]);
    }

    [Fact]
    public void Write_OverlongLabelOrName_NothingWritten()
    {
        Assert.Equal(0, DnsQuery.Write(new byte[300], 1, new string('a', 64) + ".com", 1));
        Assert.NotEqual(0, DnsQuery.Write(new byte[300], 1, new string('a', 63) + ".com", 1));
        var longName = string.Join('.', Enumerable.Repeat(new string('b', 60), 5)); // 5 x 61 octets > 255
        Assert.Equal(0, DnsQuery.Write(new byte[300], 1, longName, 1));
        Assert.Equal(0, DnsQuery.Write(new byte[10], 1, ".", 6));
    }

    private static byte[] Header(ushort id, ushort flags, int length = DnsQuery.HeaderLength)
    {
        var b = new byte[Math.Max(length, 4)];
        BinaryPrimitives.WriteUInt16BigEndian(b, id);
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(2), flags);
        return b[..length];
    }

    [Fact]
    public void Judge_OurIdQrRcode0_Success_AnswerCountNotLookedAt()
    {
        Assert.Equal(DnsReplyKind.Success, DnsReply.Judge(Header(7, 0x8180), 7).Kind);
        Assert.Equal(DnsReplyKind.Success, DnsReply.Judge(Header(7, 0x8000), 7).Kind);
    }

    [Theory]
    [InlineData(0x8183, 3)] // NXDOMAIN
    [InlineData(0x8182, 2)] // SERVFAIL
    [InlineData(0x8005, 5)] // REFUSED
    public void Judge_RcodeNotZero_Error(int flags, int rcode)
    {
        var r = DnsReply.Judge(Header(7, (ushort)flags), 7);
        Assert.Equal(DnsReplyKind.Error, r.Kind);
        Assert.Equal(rcode, r.ResponseCode);
    }

    [Fact]
    public void Judge_WrongIdQrClearOrShort_Ignored()
    {
        Assert.Equal(DnsReplyKind.Ignored, DnsReply.Judge(Header(8, 0x8180), 7).Kind);
        Assert.Equal(DnsReplyKind.Ignored, DnsReply.Judge(Header(8, 0x8183), 7).Kind); // another query's error is not ours
        Assert.Equal(DnsReplyKind.Ignored, DnsReply.Judge(Header(7, 0x0100), 7).Kind); // our own query echoed
        Assert.Equal(DnsReplyKind.Ignored, DnsReply.Judge(Header(7, 0x8180, 11), 7).Kind);
        Assert.Equal(DnsReplyKind.Ignored, DnsReply.Judge([], 7).Kind);
    }

    [Fact]
    public void Judge_AnyDatagram_NeverThrows_SuccessOnlyForOurAnswer()
    {
        Gen.Byte.Array[0, 64].Select(Gen.UShort).Sample((bytes, id) =>
        {
            var r = DnsReply.Judge(bytes, id);
            bool ours = bytes.Length >= 12 && BinaryPrimitives.ReadUInt16BigEndian(bytes) == id && (bytes[2] & 0x80) != 0;
            return ours ? r.Kind == (((bytes[3] & 0xF) == 0) ? DnsReplyKind.Success : DnsReplyKind.Error) : r.Kind == DnsReplyKind.Ignored;
        });
    }
}
