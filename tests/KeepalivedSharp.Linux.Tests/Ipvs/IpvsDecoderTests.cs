using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Linux.Ipvs;
using KeepalivedSharp.Linux.Netlink;
using static KeepalivedSharp.Linux.Tests.Ipvs.Bytes;

namespace KeepalivedSharp.Linux.Tests.Ipvs;

/// <summary>
/// Dump replies built by hand as ip_vs_ctl.c ip_vs_genl_fill_service / ip_vs_genl_fill_dest write them
/// (HASHED in the flags, STATS and STATS64 nests, connection counts, tunnel settings for every method).
/// </summary>
public sealed class IpvsDecoderTests
{
    private const ushort Family = 0x22;

    private static byte[] Stats(ushort type) => Nest(type, Attr(1, U32(3)), Attr(2, U32(10)), Attr(4, U64(1234)), Attr(11));

    [Fact]
    public void ServiceDump_TwoServicesAndDone_DecodesEach()
    {
        byte[] datagram =
        [
            .. Message(Family, NetlinkFlags.NLM_F_MULTI, 4, 1,
                Nest(1, Attr(1, U16(2)), Attr(2, U16(6)), Attr(3, Addr("10.0.0.1")), Attr(4, Be16(80)),
                    Attr(6, Str("wrr")), Attr(7, [.. U32(0x3), .. U32(0xffffffff)]), Attr(8, U32(300)), Attr(9, U32(0x00ffffff)),
                    Stats(10), Stats(12))),
            .. Message(Family, NetlinkFlags.NLM_F_MULTI, 4, 1,
                Nest(1, Attr(1, U16(10)), Attr(5, U32(7)), Attr(6, Str("rr")), Attr(7, [.. U32(0x2), .. U32(0xffffffff)]),
                    Attr(8, U32(0)), Attr(9, U32(128)), Attr(11, Str("sip")))),
            .. DoneMessage(4),
        ];

        var services = new List<IpvsService>();
        var reader = new NetlinkReader(datagram);
        int done = 0;
        while (reader.TryRead(out var m))
        {
            if (m.Header.Type == NetlinkMessageType.NLMSG_DONE) { done++; continue; }
            Assert.True(IpvsDecoder.TryDecodeService(m.Payload, out var s));
            services.Add(s);
        }

        Assert.Equal(1, done);
        Assert.Equal(2, services.Count);
        // HASHED (0x2) is the kernel's own and is dropped; the netmask stays in its wire order.
        Assert.Equal(new IpvsService(AddressFamily.InterNetwork, 6, IPAddress.Parse("10.0.0.1"), 80, 0, "wrr", 0x1, 300, 0x00ffffff), services[0]);
        Assert.Equal(new IpvsService(AddressFamily.InterNetworkV6, 0, null, 0, 7, "rr", 0, 0, 128, "sip"), services[1]);
        Assert.Equal("10.0.0.1:tcp:80", services[0].ToString());
        Assert.Equal("Fwm 7 inet6", services[1].ToString());
    }

    [Fact]
    public void DestinationDump_NatAndTunnel_DecodesMethodWeightThresholdsAndCounts()
    {
        var nat = Message(Family, NetlinkFlags.NLM_F_MULTI, 5, 5,
            Nest(2, Attr(1, Addr("192.0.2.10")), Attr(2, Be16(8080)), Attr(3, U32(0)), Attr(4, U32(5)),
                Attr(13, [0]), Attr(14, Be16(0)), Attr(15, U16(0)), Attr(5, U32(50)), Attr(6, U32(5)),
                Attr(7, U32(12)), Attr(8, U32(3)), Attr(9, U32(1)), Stats(10), Attr(11, U16(2)), Stats(12)));
        var gue = Message(Family, NetlinkFlags.NLM_F_MULTI, 5, 5,
            Nest(2, Attr(1, Addr("2001:db8::10")), Attr(2, Be16(80)), Attr(3, U32(2)), Attr(4, U32(1)),
                Attr(13, [1]), Attr(14, Be16(6080)), Attr(15, U16(2)), Attr(5, U32(0)), Attr(6, U32(0)), Attr(11, U16(10))));

        Assert.True(IpvsDecoder.TryDecodeDestination(nat.AsSpan(16), AddressFamily.InterNetwork, out var d1));
        Assert.True(IpvsDecoder.TryDecodeDestination(gue.AsSpan(16), AddressFamily.InterNetwork, out var d2));

        // The tunnel settings the kernel lists for a NAT destination are dropped.
        Assert.Equal(new IpvsDestination(IPAddress.Parse("192.0.2.10"), 8080, 0, 5, 50, 5) { ActiveConnections = 12, InactiveConnections = 3, PersistentConnections = 1 }, d1);
        // ADDR_FAMILY wins over the service's family (mixed-family tunnels).
        Assert.Equal(new IpvsDestination(IPAddress.Parse("2001:db8::10"), 80, 2, 1, 0, 0, 1, 6080, 2), d2);
    }

    [Fact]
    public void Destination_WithoutAddressFamily_UsesTheServiceFamily()
    {
        var m = Message(Family, 2, 5, 5, Nest(2, Attr(1, Addr("2001:db8::20")), Attr(2, Be16(443)), Attr(3, U32(3)), Attr(4, U32(2))));

        Assert.True(IpvsDecoder.TryDecodeDestination(m.AsSpan(16), AddressFamily.InterNetworkV6, out var d));
        Assert.Equal(IPAddress.Parse("2001:db8::20"), d.Address);
        Assert.Equal(3u, d.ForwardMethod);
    }

    [Fact]
    public void InfoAndConfigReplies_Decode()
    {
        var info = Message(Family, 0, 1, 14, Attr(1, U32(0x010201)), Attr(2, U32(4096)));
        var config = Message(Family, 0, 2, 12, Attr(4, U32(900)), Attr(5, U32(120)), Attr(6, U32(300)));

        Assert.True(IpvsDecoder.TryDecodeInfo(info.AsSpan(16), out var i));
        Assert.Equal(new IpvsInfo(0x010201, 4096), i);
        Assert.Equal("1.2.1 (size=4096)", i.ToString());
        Assert.True(IpvsDecoder.TryDecodeTimeouts(config.AsSpan(16), out var t));
        Assert.Equal(new IpvsTimeouts(900, 120, 300), t);
    }

    [Fact]
    public void Family_NewFamilyReply_DecodesIdNameVersion()
    {
        var m = Message(0x10, 0, 1, 1, Attr(2, Str("IPVS")), Attr(1, U16(0x22)), Attr(3, U32(1)), Attr(4, U32(0)));

        Assert.True(GenericNetlink.TryDecodeFamily(m.AsSpan(16), out var id, out var name, out var version));
        Assert.Equal((0x22, "IPVS", 1u), (id, name, version));
    }

    public static TheoryData<string, byte[]> Malformed() => new()
    {
        { "empty", [] },
        { "genl header only", [1, 1, 0, 0] },
        { "wrong command", [.. Message(Family, 0, 0, 5, Nest(1, Attr(1, U16(2)), Attr(5, U32(1))))[16..]] },
        { "no service nest", [.. Message(Family, 0, 0, 1, Attr(2, U32(1)))[16..]] },
        { "no family", [.. Message(Family, 0, 0, 1, Nest(1, Attr(5, U32(1))))[16..]] },
        { "unknown family", [.. Message(Family, 0, 0, 1, Nest(1, Attr(1, U16(7)), Attr(5, U32(1))))[16..]] },
        { "address service without port", [.. Message(Family, 0, 0, 1, Nest(1, Attr(1, U16(2)), Attr(2, U16(6)), Attr(3, Addr("10.0.0.1"))))[16..]] },
        { "short address", [.. Message(Family, 0, 0, 1, Nest(1, Attr(1, U16(10)), Attr(2, U16(6)), Attr(3, [1, 2, 3, 4]), Attr(4, Be16(1))))[16..]] },
        { "nest longer than the message", [1, 1, 0, 0, 0x40, 0, 1, 0x80, 8, 0, 1, 0, 2, 0] },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Service_Malformed_IsRefusedWithoutThrowing(string why, byte[] payload)
    {
        Assert.False(IpvsDecoder.TryDecodeService(payload, out _), why);
        Assert.False(IpvsDecoder.TryDecodeDestination(payload, AddressFamily.InterNetwork, out _), why);
    }

    [Fact]
    public void Decoders_EveryTruncationAndRandomBytes_NeverThrow()
    {
        var svc = Message(Family, 2, 1, 1, Nest(1, Attr(1, U16(2)), Attr(2, U16(6)), Attr(3, Addr("10.0.0.1")), Attr(4, Be16(80)),
            Attr(6, Str("wlc")), Attr(7, [.. U32(0), .. U32(0xffffffff)]), Attr(8, U32(0)), Attr(9, U32(0xffffffff)), Stats(10)))[16..];
        var dest = Message(Family, 2, 1, 5, Nest(2, Attr(1, Addr("10.0.0.2")), Attr(2, Be16(80)), Attr(3, U32(0)), Attr(4, U32(1)), Attr(11, U16(2))))[16..];
        int accepted = 0;
        for (int n = 0; n <= svc.Length; n++) accepted += IpvsDecoder.TryDecodeService(svc.AsSpan(0, n), out _) ? 1 : 0;
        for (int n = 0; n <= dest.Length; n++) accepted += IpvsDecoder.TryDecodeDestination(dest.AsSpan(0, n), AddressFamily.InterNetwork, out _) ? 1 : 0;
        // Only the whole messages (and the service once its required attributes are in, before the stats) decode.
        Assert.InRange(accepted, 2, svc.Length + dest.Length);
        Assert.True(IpvsDecoder.TryDecodeService(svc, out _));

        var random = new Random(12);
        var buf = new byte[200];
        for (int i = 0; i < 20_000; i++)
        {
            random.NextBytes(buf);
            buf[0] = (byte)(i % 16); // a command the decoders look for, often enough
            var span = buf.AsSpan(0, random.Next(buf.Length));
            IpvsDecoder.TryDecodeService(span, out _);
            IpvsDecoder.TryDecodeDestination(span, AddressFamily.InterNetworkV6, out _);
            IpvsDecoder.TryDecodeInfo(span, out _);
            IpvsDecoder.TryDecodeTimeouts(span, out _);
            GenericNetlink.TryDecodeFamily(span, out _, out _, out _);
        }
    }

    private static byte[] DoneMessage(uint seq)
    {
        var b = new byte[20];
        BitConverter.TryWriteBytes(b.AsSpan(0), 20u);
        BitConverter.TryWriteBytes(b.AsSpan(4), NetlinkMessageType.NLMSG_DONE);
        BitConverter.TryWriteBytes(b.AsSpan(6), NetlinkFlags.NLM_F_MULTI);
        BitConverter.TryWriteBytes(b.AsSpan(8), seq);
        return b;
    }
}
