using System.Net;
using KeepalivedSharp.Linux.Ipvs;
using KeepalivedSharp.Linux.Native;
using KeepalivedSharp.Linux.Netlink;
using static KeepalivedSharp.Linux.Tests.Ipvs.Bytes;

namespace KeepalivedSharp.Linux.Tests.Ipvs;

/// <summary>
/// NEW_DAEMON / DEL_DAEMON / GET_DAEMON octet for octet against linux/ip_vs.h's ids and ip_vs_ctl.c's
/// ip_vs_daemon_policy (s32 state and sync id, string ifname, u16 maxlen and port in host order, u8 ttl,
/// in_addr or in6_addr group), in libipvs.c ipvs_start_daemon's order.
/// </summary>
public sealed class IpvsDaemonCodecTests
{
    private const ushort Family = 0x22;
    private const ushort RequestAck = NetlinkFlags.NLM_F_REQUEST | NetlinkFlags.NLM_F_ACK;

    [Fact]
    public void StartDaemon_Minimal_SendsStateInterfaceSyncIdOnly()
    {
        var msg = IpvsRequests.StartDaemon(new byte[256], 3, Family, new IpvsDaemon(IpvsDaemonState.Backup, "eth1", 51)).ToArray();

        Assert.Equal(Message(Family, RequestAck, 3, 9,
            Nest(3, Attr(1, U32(2)), Attr(2, Str("eth1")), Attr(3, U32(51)))), msg);
    }

    [Fact]
    public void StartDaemon_EveryOption_AddsMaxlenPortTtlGroup()
    {
        var d = new IpvsDaemon(IpvsDaemonState.Master, "eth0", 7, 1400, 8850, 3, IPAddress.Parse("239.1.2.3"));

        var msg = IpvsRequests.StartDaemon(new byte[256], 4, Family, d).ToArray();

        Assert.Equal(Message(Family, RequestAck, 4, 9,
            Nest(3, Attr(1, U32(1)), Attr(2, Str("eth0")), Attr(3, U32(7)),
                Attr(4, U16(1400)),                // SYNC_MAXLEN
                Attr(7, U16(8850)),                // MCAST_PORT: host order (nla_get_u16)
                Attr(8, [3]),                      // MCAST_TTL
                Attr(5, [239, 1, 2, 3]))), msg);   // MCAST_GROUP: in_addr
    }

    [Fact]
    public void StartDaemon_Ipv6Group_SendsGroup6()
    {
        var d = new IpvsDaemon(IpvsDaemonState.Master, "eth0", 0, Group: IPAddress.Parse("ff02::1:5"));

        var msg = IpvsRequests.StartDaemon(new byte[256], 5, Family, d).ToArray();

        Assert.Equal(Message(Family, RequestAck, 5, 9,
            Nest(3, Attr(1, U32(1)), Attr(2, Str("eth0")), Attr(3, U32(0)), Attr(6, IPAddress.Parse("ff02::1:5").GetAddressBytes()))), msg);
    }

    [Fact]
    public void StopDaemon_SendsStateAndSyncId()
    {
        var msg = IpvsRequests.StopDaemon(new byte[128], 6, Family, IpvsDaemonState.Master, 51).ToArray();

        Assert.Equal(Message(Family, RequestAck, 6, 10, Nest(3, Attr(1, U32(1)), Attr(3, U32(51)))), msg);
    }

    [Fact]
    public void DumpDaemons_IsAGetDaemonDump()
    {
        var msg = IpvsRequests.DumpDaemons(new byte[64], 7, Family).ToArray();

        Assert.Equal(Message(Family, NetlinkFlags.NLM_F_REQUEST | NetlinkFlags.NLM_F_DUMP, 7, 11), msg);
    }

    [Fact]
    public void DaemonDump_AsTheKernelFillsIt_Decodes()
    {
        // ip_vs_genl_fill_daemon: state, ifname, syncid, maxlen, port, ttl, then the group.
        var reply = Message(Family, 0, 1, 9, Nest(3, Attr(1, U32(1)), Attr(2, Str("eth1")), Attr(3, U32(51)),
            Attr(4, U16(1472)), Attr(7, U16(8848)), Attr(8, [1]), Attr(5, [224, 0, 0, 81])));

        Assert.True(IpvsDecoder.TryDecodeDaemon(reply.AsSpan(16), out var d));
        Assert.Equal(new IpvsDaemon(IpvsDaemonState.Master, "eth1", 51, 1472, 8848, 1, IPAddress.Parse("224.0.0.81")), d);
        Assert.Equal("master sync daemon (mcast=eth1, syncid=51, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)", d.ToString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void DaemonDump_NoSuchState_False(uint state)
    {
        var reply = Message(Family, 0, 1, 9, Nest(3, Attr(1, U32(state)), Attr(2, Str("eth1"))));

        Assert.False(IpvsDecoder.TryDecodeDaemon(reply.AsSpan(16), out _));
    }

    [Fact]
    public void Errors_InKeepalivedsWords()
    {
        Assert.Equal("IPVS cmd IP_VS_SO_SET_STARTDAEMON(1163) error: Daemon has already run(17)", IpvsErrors.Line(IpvsCommand.NewDaemon, Errno.EEXIST));
        Assert.Equal("IPVS cmd IP_VS_SO_SET_STOPDAEMON(1164) error: No daemon is running(3)", IpvsErrors.Line(IpvsCommand.DelDaemon, Errno.ESRCH));
    }
}
