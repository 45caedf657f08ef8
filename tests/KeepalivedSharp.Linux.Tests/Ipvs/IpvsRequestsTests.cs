using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Linux.Ipvs;
using KeepalivedSharp.Linux.Netlink;
using static KeepalivedSharp.Linux.Tests.Ipvs.Bytes;

namespace KeepalivedSharp.Linux.Tests.Ipvs;

/// <summary>
/// Requests checked octet for octet against linux/ip_vs.h's attribute ids and the types ip_vs_ctl.c's
/// ip_vs_cmd_policy / ip_vs_svc_policy / ip_vs_dest_policy give them (u16 AF and PROTOCOL, be16 ports,
/// 16-octet addresses, struct ip_vs_flags), in libipvs.c's order.
/// </summary>
public sealed class IpvsRequestsTests
{
    private const ushort Family = 0x22;

    [Fact]
    public void Service_NewIpv4TcpPersistent_SendsFullServiceNest()
    {
        var svc = new IpvsService(AddressFamily.InterNetwork, 6, IPAddress.Parse("10.0.0.1"), 80, 0, "wlc", 0x1, 300, uint.MaxValue);

        var msg = IpvsRequests.Service(new byte[512], 7, Family, IpvsCommand.NewService, svc).ToArray();

        byte[] expected = Message(Family, NetlinkFlags.NLM_F_REQUEST | NetlinkFlags.NLM_F_ACK, 7, 1,
            Nest(1,
                Attr(1, U16(2)),                      // IPVS_SVC_ATTR_AF: AF_INET
                Attr(2, U16(6)),                      // PROTOCOL: TCP
                Attr(3, Addr("10.0.0.1")),            // ADDR: nf_inet_addr
                Attr(4, Be16(80)),                    // PORT: be16
                Attr(6, Str("wlc")),                  // SCHED_NAME
                Attr(7, [.. U32(1), .. U32(0xffffffff)]), // FLAGS: {PERSISTENT, mask ~0}
                Attr(8, U32(300)),                    // TIMEOUT
                Attr(9, U32(0xffffffff))));           // NETMASK
        Assert.Equal(expected, msg);
        Assert.Equal(16 + 4 + 84, msg.Length);
        Assert.Equal(0x8001, BitConverter.ToUInt16(msg, 16 + 4 + 2)); // the nest carries NLA_F_NESTED
    }

    [Fact]
    public void Service_DelIpv6Fwmark_SendsIdentityOnly()
    {
        var svc = IpvsService.ForFwmark(5, AddressFamily.InterNetworkV6, "rr");

        var msg = IpvsRequests.Service(new byte[512], 8, Family, IpvsCommand.DelService, svc).ToArray();

        Assert.Equal(Message(Family, 5, 8, 3, Nest(1, Attr(1, U16(10)), Attr(5, U32(5)))), msg);
    }

    [Fact]
    public void Service_PersistenceEngine_SentAfterScheduler()
    {
        var svc = IpvsService.ForAddress(17, IPAddress.Parse("2001:db8::1"), 5060, "sh") with { PersistenceEngine = "sip", Flags = 0x19, Timeout = 60, Netmask = 64 };

        var msg = IpvsRequests.Service(new byte[512], 9, Family, IpvsCommand.SetService, svc).ToArray();

        Assert.Equal(Message(Family, 5, 9, 2,
            Nest(1, Attr(1, U16(10)), Attr(2, U16(17)), Attr(3, Addr("2001:db8::1")), Attr(4, Be16(5060)),
                Attr(6, Str("sh")), Attr(11, Str("sip")), Attr(7, [.. U32(0x19), .. U32(0xffffffff)]),
                Attr(8, U32(60)), Attr(9, U32(64)))), msg);
    }

    [Fact]
    public void Destination_NewGueTunnel_SendsTunnelTypePortAndFlags()
    {
        var svc = IpvsService.ForAddress(6, IPAddress.Parse("10.0.0.1"), 80);
        var dest = new IpvsDestination(IPAddress.Parse("192.0.2.10"), 80, 2, 3, 100, 10, TunnelType: 1, TunnelPort: 6080, TunnelFlags: 1);

        var msg = IpvsRequests.Destination(new byte[512], 10, Family, IpvsCommand.NewDest, svc, dest).ToArray();

        Assert.Equal(Message(Family, 5, 10, 5,
            Nest(1, Attr(1, U16(2)), Attr(2, U16(6)), Attr(3, Addr("10.0.0.1")), Attr(4, Be16(80))),
            Nest(2,
                Attr(11, U16(2)),               // ADDR_FAMILY
                Attr(1, Addr("192.0.2.10")),    // ADDR
                Attr(2, Be16(80)),              // PORT
                Attr(3, U32(2)),                // FWD_METHOD: TUNNEL
                Attr(4, U32(3)),                // WEIGHT
                Attr(13, [1]),                  // TUN_TYPE: GUE (u8)
                Attr(14, Be16(6080)),           // TUN_PORT: be16
                Attr(15, U16(1)),               // TUN_FLAGS: CSUM
                Attr(5, U32(100)),              // U_THRESH
                Attr(6, U32(10)))), msg);       // L_THRESH
    }

    [Theory]
    [InlineData(0u)] // NAT
    [InlineData(3u)] // DR
    public void Destination_NotTunnel_LeavesTunnelAttributesOut(uint method)
    {
        var svc = IpvsService.ForFwmark(9, AddressFamily.InterNetwork);
        var dest = new IpvsDestination(IPAddress.Parse("192.0.2.11"), 0, method, 1, TunnelType: 1, TunnelPort: 99);

        var msg = IpvsRequests.Destination(new byte[512], 11, Family, IpvsCommand.SetDest, svc, dest).ToArray();

        Assert.Equal(Message(Family, 5, 11, 6,
            Nest(1, Attr(1, U16(2)), Attr(5, U32(9))),
            Nest(2, Attr(11, U16(2)), Attr(1, Addr("192.0.2.11")), Attr(2, Be16(0)), Attr(3, U32(method)), Attr(4, U32(1)),
                Attr(5, U32(0)), Attr(6, U32(0)))), msg);
    }

    [Fact]
    public void Destination_DelIpv6_SendsAddressAndPortOnly()
    {
        var svc = IpvsService.ForAddress(6, IPAddress.Parse("2001:db8::1"), 443);
        var dest = new IpvsDestination(IPAddress.Parse("2001:db8::10"), 8443, 0, 1);

        var msg = IpvsRequests.Destination(new byte[512], 12, Family, IpvsCommand.DelDest, svc, dest).ToArray();

        Assert.Equal(Message(Family, 5, 12, 7,
            Nest(1, Attr(1, U16(10)), Attr(2, U16(6)), Attr(3, Addr("2001:db8::1")), Attr(4, Be16(443))),
            Nest(2, Attr(11, U16(10)), Attr(1, Addr("2001:db8::10")), Attr(2, Be16(8443)))), msg);
    }

    [Fact]
    public void Dumps_AreDumpRequestsWithoutAck()
    {
        var svc = IpvsService.ForFwmark(1, AddressFamily.InterNetwork);

        Assert.Equal(Message(Family, NetlinkFlags.NLM_F_REQUEST | NetlinkFlags.NLM_F_DUMP, 1, 4), IpvsRequests.DumpServices(new byte[64], 1, Family).ToArray());
        Assert.Equal(Message(Family, NetlinkFlags.NLM_F_REQUEST | NetlinkFlags.NLM_F_DUMP, 2, 8, Nest(1, Attr(1, U16(2)), Attr(5, U32(1)))),
            IpvsRequests.DumpDestinations(new byte[128], 2, Family, svc).ToArray());
    }

    [Fact]
    public void InfoConfigAndFlush_AreBareCommands_TimeoutsCarryThreeU32()
    {
        Assert.Equal(Message(Family, 5, 3, 15), IpvsRequests.Bare(new byte[64], 3, Family, IpvsCommand.GetInfo).ToArray());
        Assert.Equal(Message(Family, 5, 4, 13), IpvsRequests.Bare(new byte[64], 4, Family, IpvsCommand.GetConfig).ToArray());
        Assert.Equal(Message(Family, 5, 5, 17), IpvsRequests.Bare(new byte[64], 5, Family, IpvsCommand.Flush).ToArray());
        Assert.Equal(Message(Family, 5, 6, 12, Attr(4, U32(900)), Attr(5, U32(120)), Attr(6, U32(0))),
            IpvsRequests.SetTimeouts(new byte[64], 6, Family, new IpvsTimeouts(900, 120, 0)).ToArray());
    }

    [Fact]
    public void GetFamily_AsksTheControllerByName()
    {
        var msg = GenericNetlink.GetFamily(new byte[64], 13, "IPVS").ToArray();

        // GENL_ID_CTRL 0x10, CTRL_CMD_GETFAMILY 3 (version 1), CTRL_ATTR_FAMILY_NAME 2.
        Assert.Equal(Message(0x10, 5, 13, 3, Attr(2, Str("IPVS"))), msg);
    }

    [Fact]
    public void Service_EncodedThenDecoded_RoundTrips()
    {
        var svc = new IpvsService(AddressFamily.InterNetworkV6, 132, IPAddress.Parse("2001:db8::7"), 3868, 0, "mh", 0x11, 0, 128);
        var msg = IpvsRequests.Service(new byte[512], 1, Family, IpvsCommand.NewService, svc).ToArray();
        // The request's nest decodes as a dump reply's would: cmd NEW_SERVICE, then IPVS_CMD_ATTR_SERVICE.
        Assert.True(IpvsDecoder.TryDecodeService(msg.AsSpan(16), out var back));
        Assert.Equal(svc, back);
    }
}
