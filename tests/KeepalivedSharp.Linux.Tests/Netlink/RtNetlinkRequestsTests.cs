using System.Net;
using KeepalivedSharp.Linux.Netlink;

namespace KeepalivedSharp.Linux.Tests.Netlink;

public sealed class RtNetlinkRequestsTests
{
    [Fact]
    public void Address_Ipv4AddWithBrdScopeLabel_MatchesIproute2Bytes()
    {
        // strace of `ip addr add 10.0.0.100/24 scope link dev ethx brd 10.0.0.255 label ethx:vip` (ifindex 3),
        // payload after the 16-octet nlmsghdr.
        byte[] expected =
        [
            0x02, 0x18, 0x00, 0xfd, 0x03, 0x00, 0x00, 0x00,
            0x08, 0x00, 0x02, 0x00, 0x0a, 0x00, 0x00, 0x64,
            0x08, 0x00, 0x04, 0x00, 0x0a, 0x00, 0x00, 0xff,
            0x0d, 0x00, 0x03, 0x00, 0x65, 0x74, 0x68, 0x78, 0x3a, 0x76, 0x69, 0x70, 0x00, 0x00, 0x00, 0x00,
            0x08, 0x00, 0x01, 0x00, 0x0a, 0x00, 0x00, 0x64,
        ];
        var spec = new AddressSpec(IPAddress.Parse("10.0.0.100"), 24, 3, "ethx:vip", IPAddress.Parse("10.0.0.255"), RtaAttr.RT_SCOPE_LINK);

        var msg = RtNetlinkRequests.Address(new byte[512], 9, spec, add: true);

        var h = NetlinkHeader.Read(msg);
        Assert.Equal((uint)msg.Length, h.Length);
        Assert.Equal(64u, h.Length);
        Assert.Equal(RtmType.RTM_NEWADDR, h.Type);
        Assert.Equal(NetlinkFlags.NLM_F_REQUEST | NetlinkFlags.NLM_F_ACK | NetlinkFlags.NLM_F_CREATE | NetlinkFlags.NLM_F_EXCL, h.Flags);
        Assert.Equal(9u, h.Sequence);
        Assert.Equal(expected, msg[NetlinkHeader.Size..].ToArray());
    }
}
