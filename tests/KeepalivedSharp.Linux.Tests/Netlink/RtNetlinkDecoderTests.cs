using System.Net;
using CsCheck;
using KeepalivedSharp.Linux.Netlink;
using KeepalivedSharp.Linux.RtNetlink;

namespace KeepalivedSharp.Linux.Tests.Netlink;

/// <summary>
/// Decodes real kernel dumps captured from a lab namespace: lo and eth0 (veth, MAC 02:00:00:00:00:01,
/// 10.0.0.1/24, 10.0.0.100/24 label eth0:vip, fd00::1/64).
/// </summary>
public sealed class RtNetlinkDecoderTests
{
    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Netlink", "Fixtures", name));

    private static List<HostEvent> DecodeAll(byte[] dump)
    {
        var events = new List<HostEvent>();
        LinkMonitor.Decode(dump, events);
        return events;
    }

    [Fact]
    public void TryDecodeLink_KernelLinkDump_FindsLoAndEth0WithMacKindAndFlags()
    {
        var links = DecodeAll(Fixture("rtm_newlink_dump.bin")).OfType<LinkEvent>().Select(e => e.Link).ToList();

        var lo = Assert.Single(links, l => l.Name == "lo");
        Assert.Equal(1, lo.Index);
        Assert.True(lo.IsUp);
        var eth0 = Assert.Single(links, l => l.Name == "eth0");
        Assert.Equal("02:00:00:00:00:01", eth0.Mac);
        Assert.Equal("veth", eth0.Kind);
        Assert.Equal(1500, eth0.Mtu);
        Assert.True(eth0.IsUp);
    }

    [Fact]
    public void TryDecodeAddress_KernelAddressDump_FindsLabelsPrefixesAndIpv6()
    {
        var addrs = DecodeAll(Fixture("rtm_newaddr_dump.bin")).OfType<AddressEvent>().Select(e => e.Address).ToList();

        var vip = Assert.Single(addrs, a => a.Address.Equals(IPAddress.Parse("10.0.0.100")));
        Assert.Equal("eth0:vip", vip.Label);
        Assert.Equal(24, vip.PrefixLength);
        Assert.True((vip.Flags & IfaAttr.IFA_F_SECONDARY) != 0);
        var primary = Assert.Single(addrs, a => a.Address.Equals(IPAddress.Parse("10.0.0.1")));
        Assert.Equal("eth0", primary.Label);
        Assert.Equal(vip.InterfaceIndex, primary.InterfaceIndex);
        var v6 = Assert.Single(addrs, a => a.Address.Equals(IPAddress.Parse("fd00::1")));
        Assert.Equal(64, v6.PrefixLength);
        Assert.Contains(addrs, a => a.Address.Equals(IPAddress.Loopback));
    }

    [Fact]
    public void Decode_TruncatedKernelDump_NeverThrowsAndKeepsWholeMessagesOnly()
    {
        var dump = Fixture("rtm_newaddr_dump.bin");
        var all = DecodeAll(dump).Count;
        Gen.Int[0, dump.Length].Sample(n =>
        {
            var partial = DecodeAll(dump[..n]).Count;
            Assert.InRange(partial, 0, all);
        });
    }

    [Fact]
    public void Decode_RandomBytes_NeverThrows()
    {
        Gen.Byte.Array[0, 300].Sample(b => { _ = DecodeAll(b); });
    }

    [Fact]
    public void NetlinkWriter_NestedAttributes_ReadBackThroughAttributeReader()
    {
        var msg = RtNetlinkRequests.CreateMacvlan(new byte[256], 1, "vrrp.51", 2, [0, 0, 0x5e, 0, 1, 51]);
        Assert.True(RtNetlinkDecoder.TryDecodeLink(msg[NetlinkHeader.Size..], out var link));
        Assert.Equal("vrrp.51", link.Name);
        Assert.Equal("macvlan", link.Kind);
        Assert.Equal(IflaAttr.MACVLAN_MODE_PRIVATE, link.MacvlanMode);
        Assert.Equal(2, link.ParentIndex);
        Assert.Equal("00:00:5e:00:01:33", link.Mac);
    }

    [Fact]
    public void NetlinkWriter_BufferTooSmall_ThrowsFormatException()
    {
        Assert.Throws<NetlinkFormatException>(() => RtNetlinkRequests.CreateMacvlan(new byte[40], 1, "vrrp.51", 2, [0, 0, 0x5e, 0, 1, 51]).Length);
    }
}
