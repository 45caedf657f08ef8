using CsCheck;
using KeepalivedSharp.Linux.Native;
using KeepalivedSharp.Linux.Vrrp;

namespace KeepalivedSharp.Linux.Tests.Vrrp;

public sealed class ControlMessagesTests
{
    private static byte[] Message(int level, int type, byte[] data)
    {
        var buf = new byte[ControlMessages.Space(data.Length)];
        NativeEndian.WriteUInt64(buf, (ulong)ControlMessages.Length(data.Length));
        NativeEndian.WriteInt32(buf.AsSpan(8), level);
        NativeEndian.WriteInt32(buf.AsSpan(12), type);
        data.CopyTo(buf, ControlMessages.HeaderSize);
        return buf;
    }

    private static byte[] Int(int v)
    {
        var b = new byte[4];
        NativeEndian.WriteInt32(b, v);
        return b;
    }

    [Fact]
    public void Parse_Ipv6PktInfoThenHopLimit_ReturnsBoth()
    {
        byte[] pkt = [0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12, .. Int(7)];
        byte[] control = [.. Message(Interop.IPPROTO_IPV6, Interop.IPV6_PKTINFO, pkt), .. Message(Interop.IPPROTO_IPV6, Interop.IPV6_HOPLIMIT, Int(255))];

        var info = ControlMessages.Parse(control);

        Assert.Equal(7, info.InterfaceIndex);
        Assert.Equal(255, info.HopLimit);
        Assert.Equal(16, info.DestinationLength);
        Assert.Equal(0x12, control[info.DestinationOffset + 15]);
    }

    [Fact]
    public void Parse_Ipv4PktInfo_ReturnsIfindexAndHeaderDestination()
    {
        byte[] pkt = [.. Int(3), 10, 0, 0, 2, 224, 0, 0, 18];
        var info = ControlMessages.Parse(Message(Interop.IPPROTO_IP, Interop.IP_PKTINFO, pkt));

        Assert.Equal(3, info.InterfaceIndex);
        Assert.Equal(-1, info.HopLimit);
        Assert.Equal(new byte[] { 224, 0, 0, 18 }, Message(Interop.IPPROTO_IP, Interop.IP_PKTINFO, pkt).AsSpan(info.DestinationOffset, 4).ToArray());
    }

    [Fact]
    public void Parse_NoHopLimit_ReportsMissing()
    {
        Assert.Equal(-1, ControlMessages.Parse([]).HopLimit);
    }

    [Fact]
    public void Parse_LengthBeyondBuffer_StopsWithoutReadingPastEnd()
    {
        var m = Message(Interop.IPPROTO_IPV6, Interop.IPV6_HOPLIMIT, Int(255));
        NativeEndian.WriteUInt64(m, 4096);
        Assert.Equal(-1, ControlMessages.Parse(m).HopLimit);
    }

    [Fact]
    public void Parse_RandomBytes_NeverThrows()
    {
        Gen.Byte.Array[0, 200].Sample(b => { _ = ControlMessages.Parse(b); });
    }

    [Fact]
    public void WritePacketInfo_Ipv4_RoundTripsThroughParse()
    {
        var c = new byte[64];
        var n = ControlMessages.WritePacketInfo(c, [10, 0, 0, 2], 9);
        var info = ControlMessages.Parse(c.AsSpan(0, n));
        Assert.Equal(9, info.InterfaceIndex);
        // For sending, the source sits in ipi_spec_dst (octets 4..8 of in_pktinfo).
        Assert.Equal(new byte[] { 10, 0, 0, 2 }, c.AsSpan(ControlMessages.HeaderSize + 4, 4).ToArray());
    }
}
