using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Linux.Ipvs;
using KeepalivedSharp.Linux.Netlink;
using static KeepalivedSharp.Linux.Tests.Ipvs.Bytes;

namespace KeepalivedSharp.Fuzz;

/// <summary>
/// IPVS over generic netlink without the socket: each message of the datagram (and the whole input as one bare
/// payload) goes through every <see cref="IpvsDecoder"/> reader, the family reply and NLMSG_ERROR. Invariants:
/// nothing throws (a reply that does not decode is false), and whatever decodes, written again by
/// <see cref="IpvsRequests"/>, decodes equal: the service, the destination (less what requests leave out: the
/// connection counts and the tunnel settings the encoder does not send for its tunnel type), the sync daemon
/// and the timeouts.
/// </summary>
internal sealed class IpvsTarget : IFuzzTarget
{
    private const ushort FamilyId = 0x22;

    // linux/ip_vs.h: IP_VS_CONN_F_TUNNEL, IP_VS_CONN_F_TUNNEL_TYPE_IPIP, _GUE.
    private const uint Tunnel = 2;
    private const byte TunnelIpip = 0, TunnelGue = 1;

    private static readonly IpvsService V4 = IpvsService.ForAddress(6, IPAddress.Parse("10.0.0.1"), 80);
    private static readonly IpvsService V6 = IpvsService.ForFwmark(7, AddressFamily.InterNetworkV6);

    // Strings and records per message, and the re-encoding buffer (sized by the input: a scheduler name can be as long).
    public long AllocationBound(int inputLength) => 64 * 1024 + 96L * inputLength;

    public void Run(ReadOnlySpan<byte> input)
    {
        var buffer = new byte[1024 + 2 * input.Length];
        var messages = 0;
        var reader = new NetlinkReader(input);
        while (reader.TryRead(out var m))
        {
            messages++;
            if (m.Header.Type == NetlinkMessageType.NLMSG_ERROR) _ = NetlinkAck.Decode(m);
            Payload(m.Payload, buffer);
        }
        WorkBound.Check(messages <= input.Length / NetlinkHeader.Size, $"{messages} messages from {input.Length} bytes");
        Payload(input, buffer);
    }

    private static void Payload(ReadOnlySpan<byte> payload, byte[] buffer)
    {
        _ = GenericNetlink.TryDecodeFamily(payload, out _, out _, out _);
        _ = IpvsDecoder.TryDecodeInfo(payload, out var info) ? info.ToString() : null;

        IpvsService? service = null;
        if (IpvsDecoder.TryDecodeService(payload, out var s))
        {
            service = s;
            _ = s.ToString();
            var again = IpvsRequests.Service(buffer, 1, FamilyId, IpvsCommand.NewService, s);
            WorkBound.Check(IpvsDecoder.TryDecodeService(again[NetlinkHeader.Size..], out var s2) && s2 == s, $"service {s} re-read as {s2}");
        }
        foreach (var family in (AddressFamily[])[AddressFamily.InterNetwork, AddressFamily.InterNetworkV6])
        {
            if (!IpvsDecoder.TryDecodeDestination(payload, family, out var d)) continue;
            _ = d.ToString();
            var svc = service ?? (d.Address.AddressFamily == AddressFamily.InterNetworkV6 ? V6 : V4);
            var again = IpvsRequests.Destination(buffer, 1, FamilyId, IpvsCommand.NewDest, svc, d);
            var expected = AsSent(d);
            WorkBound.Check(IpvsDecoder.TryDecodeDestination(again[NetlinkHeader.Size..], family, out var d2) && d2 == expected,
                $"destination {expected} re-read as {d2}");
        }
        if (IpvsDecoder.TryDecodeDaemon(payload, out var daemon))
        {
            _ = daemon.ToString();
            var again = IpvsRequests.StartDaemon(buffer, 1, FamilyId, daemon);
            WorkBound.Check(IpvsDecoder.TryDecodeDaemon(again[NetlinkHeader.Size..], out var d2) && d2 == daemon, $"daemon {daemon} re-read as {d2}");
        }
        if (IpvsDecoder.TryDecodeTimeouts(payload, out var t))
        {
            var again = IpvsRequests.SetTimeouts(buffer, 1, FamilyId, t);
            WorkBound.Check(IpvsDecoder.TryDecodeTimeouts(again[NetlinkHeader.Size..], out var t2) && t2 == t, $"timeouts {t} re-read as {t2}");
        }
    }

    /// <summary>What a NEW_DEST request carries of a decoded destination (IpvsRequests.AddDestination): no counts; a tunnel's port for GUE only, its flags but for IPIP.</summary>
    private static IpvsDestination AsSent(IpvsDestination d) => d with
    {
        ActiveConnections = 0,
        InactiveConnections = 0,
        PersistentConnections = 0,
        TunnelPort = d.ForwardMethod == Tunnel && d.TunnelType == TunnelGue ? d.TunnelPort : (ushort)0,
        TunnelFlags = d.ForwardMethod == Tunnel && d.TunnelType != TunnelIpip ? d.TunnelFlags : (ushort)0,
    };

    public IEnumerable<(string Name, byte[] Bytes)> Seeds(string root)
    {
        var buffer = new byte[1024];
        var wrr = new IpvsService(AddressFamily.InterNetwork, 6, IPAddress.Parse("10.0.0.1"), 80, 0, "wrr", 0x1, 300, 0x00ffffff);
        var sip = new IpvsService(AddressFamily.InterNetworkV6, 0, null, 0, 7, "rr", 0, 0, 128, "sip");
        var nat = new IpvsDestination(IPAddress.Parse("192.0.2.10"), 8080, 0, 5, 50, 5);
        var gue = new IpvsDestination(IPAddress.Parse("2001:db8::10"), 80, Tunnel, 1, 0, 0, TunnelGue, 6080, 2);
        var gre = new IpvsDestination(IPAddress.Parse("192.0.2.11"), 80, Tunnel, 3, 0, 0, 2, 0, 1);
        var master = new IpvsDaemon(IpvsDaemonState.Master, "eth0", 1, 1472, 8848, 1, IPAddress.Parse("224.0.0.81"));
        var backup = new IpvsDaemon(IpvsDaemonState.Backup, "eth1", 2, Group: IPAddress.Parse("ff02::8"));
        // Requests as we send them: the decoders read the same nests (the kernel echoes the command's attributes).
        yield return ("svc-new", IpvsRequests.Service(buffer, 1, FamilyId, IpvsCommand.NewService, wrr).ToArray());
        yield return ("svc-fwmark6", IpvsRequests.Service(buffer, 2, FamilyId, IpvsCommand.NewService, sip).ToArray());
        yield return ("dest-nat", IpvsRequests.Destination(buffer, 3, FamilyId, IpvsCommand.NewDest, wrr, nat).ToArray());
        yield return ("dest-gue", IpvsRequests.Destination(buffer, 4, FamilyId, IpvsCommand.NewDest, sip, gue).ToArray());
        yield return ("dest-gre", IpvsRequests.Destination(buffer, 5, FamilyId, IpvsCommand.NewDest, wrr, gre).ToArray());
        yield return ("daemon-master", IpvsRequests.StartDaemon(buffer, 6, FamilyId, master).ToArray());
        yield return ("daemon-backup6", IpvsRequests.StartDaemon(buffer, 7, FamilyId, backup).ToArray());
        yield return ("timeouts", IpvsRequests.SetTimeouts(buffer, 8, FamilyId, new IpvsTimeouts(900, 120, 300)).ToArray());
        // Replies as ip_vs_ctl.c writes them, built with the decoder tests' Bytes (IpvsDecoderTests.cs): HASHED in the
        // flags, STATS and STATS64 nests, connection counts, tunnel settings for every method, NLMSG_DONE after a dump.
        byte[] Stats(ushort type) => Nest(type, Attr(1, U32(3)), Attr(2, U32(10)), Attr(4, U64(1234)), Attr(11));
        yield return ("reply-services", [
            .. Message(FamilyId, 2, 4, 1, Nest(1, Attr(1, U16(2)), Attr(2, U16(6)), Attr(3, Addr("10.0.0.1")), Attr(4, Be16(80)),
                Attr(6, Str("wrr")), Attr(7, [.. U32(0x3), .. U32(0xffffffff)]), Attr(8, U32(300)), Attr(9, U32(0x00ffffff)), Stats(10), Stats(12))),
            .. Message(FamilyId, 2, 4, 1, Nest(1, Attr(1, U16(10)), Attr(5, U32(7)), Attr(6, Str("rr")), Attr(7, [.. U32(0x2), .. U32(0xffffffff)]),
                Attr(8, U32(0)), Attr(9, U32(128)), Attr(11, Str("sip")))),
            .. Done(4)]);
        yield return ("reply-dests", [
            .. Message(FamilyId, 2, 5, 5, Nest(2, Attr(1, Addr("192.0.2.10")), Attr(2, Be16(8080)), Attr(3, U32(0)), Attr(4, U32(5)),
                Attr(13, [0]), Attr(14, Be16(0)), Attr(15, U16(0)), Attr(5, U32(50)), Attr(6, U32(5)),
                Attr(7, U32(12)), Attr(8, U32(3)), Attr(9, U32(1)), Stats(10), Attr(11, U16(2)), Stats(12))),
            .. Message(FamilyId, 2, 5, 5, Nest(2, Attr(1, Addr("2001:db8::10")), Attr(2, Be16(80)), Attr(3, U32(2)), Attr(4, U32(1)),
                Attr(13, [1]), Attr(14, Be16(6080)), Attr(15, U16(2)), Attr(5, U32(0)), Attr(6, U32(0)), Attr(11, U16(10)))),
            .. Done(5)]);
        yield return ("reply-daemons", [
            .. Message(FamilyId, 2, 6, 9, Nest(3, Attr(1, U32(1)), Attr(2, Str("eth0")), Attr(3, U32(1)), Attr(4, U16(1472)),
                Attr(5, Addr("224.0.0.81")[..4]), Attr(7, U16(8848)), Attr(8, [1]))),
            .. Done(6)]);
        yield return ("reply-info", Message(FamilyId, 0, 7, 14, Attr(1, U32(0x010201)), Attr(2, U32(4096))));
        yield return ("reply-config", Message(FamilyId, 0, 8, 12, Attr(4, U32(900)), Attr(5, U32(120)), Attr(6, U32(300))));
        yield return ("reply-family", Message(FamilyId, 0, 9, 1, Attr(2, Str("IPVS")), Attr(1, U16(FamilyId)), Attr(3, U32(1)), Attr(4, U32(0))));
    }

    private static byte[] Done(uint seq)
    {
        var b = new byte[NetlinkHeader.Size + 4];
        new NetlinkHeader((uint)b.Length, NetlinkMessageType.NLMSG_DONE, 2, seq, 0).Write(b);
        return b;
    }
}
