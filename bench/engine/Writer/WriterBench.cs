using System.Net;
using KeepalivedSharp.Bench.Engine.Harness;
using KeepalivedSharp.Wire.Ip;
using KeepalivedSharp.Wire.Vrrp;

namespace KeepalivedSharp.Bench.Engine.Writer;

/// <summary>(c) VrrpWriter: adverts built per second into a reused buffer, each checked once by parsing it back.</summary>
public static class WriterBench
{
    public const string Suite = "writer";

    private static readonly IPAddress Source4 = IPAddress.Parse("10.9.0.1");
    private static readonly IPAddress Source6 = IPAddress.Parse("fe80::1");

    public static IEnumerable<CaseResult> Run(Runner runner)
    {
        IPAddress[] oneVip = [IPAddress.Parse("10.9.0.51")];
        IPAddress[] twentyVips = [.. Enumerable.Range(1, 20).Select(k => new IPAddress([10, 9, 2, (byte)k]))];
        IPAddress[] oneVip6 = [IPAddress.Parse("fd00:9::54")];

        yield return Datagram(runner, "v2 IPv4 datagram, 1 VIP", VrrpPacket.CreateV2(51, 100, 1, oneVip));
        yield return Datagram(runner, "v3 IPv4 datagram, 1 VIP", VrrpPacket.CreateV3(53, 200, 50, oneVip));
        yield return Datagram(runner, "v3 IPv4 datagram, 20 VIPs", VrrpPacket.CreateV3(53, 200, 50, twentyVips));
        yield return Message6(runner, "v3 IPv6 message, 1 VIP", VrrpPacket.CreateV3(54, 254, 100, oneVip6));
    }

    private delegate int Write(Span<byte> buffer, in VrrpPacket packet);

    private delegate VrrpParseResult ParseBack(ReadOnlySpan<byte> written);

    private static CaseResult Datagram(Runner runner, string name, VrrpPacket packet)
        => Measure(runner, name, packet,
            (buffer, in p) => VrrpWriter.WriteIPv4Datagram(buffer, p, Source4, IpProtocol.VrrpGroupV4),
            written => VrrpParser.ParseIPv4(written));

    private static CaseResult Message6(Runner runner, string name, VrrpPacket packet)
        => Measure(runner, name, packet,
            (buffer, in p) => VrrpWriter.WriteMessage(buffer, p, Source6, IpProtocol.VrrpGroupV6),
            written => VrrpParser.ParseIPv6(written, Source6, IpProtocol.VrrpGroupV6, 255));

    private static CaseResult Measure(Runner runner, string name, VrrpPacket packet, Write write, ParseBack parseBack)
    {
        var buffer = new byte[1500];
        int written = 0;
        void Body(long count)
        {
            for (long k = 0; k < count; k++) written = write(buffer, packet);
        }
        var m = runner.Ops(Suite, name, "adverts", Body);
        var back = parseBack(buffer.AsSpan(0, written));
        if (!back.IsValid || back.Packet != packet with { Checksum = back.Packet.Checksum })
            throw new InvalidOperationException($"{name}: the written advert does not parse back ({back.Error})");
        return new(m with { Note = $"{written} bytes" }, Body);
    }
}
