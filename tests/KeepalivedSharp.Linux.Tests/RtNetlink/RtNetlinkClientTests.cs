using KeepalivedSharp.Lab;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using KeepalivedSharp.Linux.Native;
using KeepalivedSharp.Linux.Netlink;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Linux.Tests.RtNetlink;

[Trait("Category", "Root")]
[Collection(NamespaceCollection.Name)]
public sealed class RtNetlinkClientTests(HostLabFixture host) : IClassFixture<HostLabFixture>
{
    private static IEnumerable<JsonElement> AddrInfo(JsonElement ipAddr)
        => ipAddr.EnumerateArray().SelectMany(l => l.GetProperty("addr_info").EnumerateArray());

    private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.ToString() : null;

    [Fact]
    public void AddRemove_Ipv4WithLabelBroadcastScope_VisibleThenGone()
    {
        // Another subnet: the kernel refuses a secondary whose scope differs from the primary's ("Invalid scope value").
        var spec = new AddressSpec(IPAddress.Parse("10.9.0.100"), 24, host.Eth0, "eth0:vip", IPAddress.Parse("10.9.0.255"), RtaAttr.RT_SCOPE_LINK);
        host.Client.Add(spec);
        try
        {
            var a = Assert.Single(AddrInfo(host.IpJson("addr", "show", "dev", "eth0")), x => Str(x, "local") == "10.9.0.100");
            Assert.Equal(24, a.GetProperty("prefixlen").GetInt32());
            Assert.Equal("eth0:vip", Str(a, "label"));
            Assert.Equal("10.9.0.255", Str(a, "broadcast"));
            Assert.Equal("link", Str(a, "scope"));
            Assert.Contains(host.Client.List(AddressFamily.InterNetwork), x => x.Address.Equals(spec.Address) && x.Label == "eth0:vip" && x.InterfaceIndex == host.Eth0);
        }
        finally
        {
            host.Client.Remove(spec);
        }
        Assert.DoesNotContain(AddrInfo(host.IpJson("addr", "show", "dev", "eth0")), x => Str(x, "local") == "10.9.0.100");
    }

    [Fact]
    public void AddRemove_Ipv6_VisibleWithNodadThenGone()
    {
        var spec = new AddressSpec(IPAddress.Parse("fd00::100"), 64, host.Eth0);
        host.Client.Add(spec);
        try
        {
            var a = Assert.Single(AddrInfo(host.IpJson("-6", "addr", "show", "dev", "eth0")), x => Str(x, "local") == "fd00::100");
            Assert.True(a.TryGetProperty("nodad", out var nodad) && nodad.GetBoolean());
            Assert.False(a.TryGetProperty("tentative", out _));
        }
        finally
        {
            host.Client.Remove(spec);
        }
        Assert.DoesNotContain(AddrInfo(host.IpJson("-6", "addr", "show", "dev", "eth0")), x => Str(x, "local") == "fd00::100");
    }

    [Fact]
    public void Add_AddressAlreadyPresent_ThrowsEexistNamingAddressAndDevice()
    {
        var spec = new AddressSpec(IPAddress.Parse("10.0.0.1"), 24, host.Eth0);
        var e = Assert.Throws<LinuxNativeException>(() => host.Client.Add(spec));
        Assert.Equal("EEXIST", e.ErrorName);
        Assert.StartsWith("adding 10.0.0.1/24 to eth0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Remove_AddressAbsent_ThrowsEaddrnotavail()
    {
        var e = Assert.Throws<LinuxNativeException>(() => host.Client.Remove(new AddressSpec(IPAddress.Parse("10.0.0.77"), 24, host.Eth0)));
        Assert.Equal("EADDRNOTAVAIL", e.ErrorName);
    }

    [Fact]
    public void AddRemove_RouteViaGatewayInTableWithMetric_VisibleThenGone()
    {
        var route = new RouteSpec(AddressFamily.InterNetwork, IPAddress.Parse("192.168.50.0"), 24, IPAddress.Parse("10.0.0.254"), host.Eth0, IPAddress.Parse("10.0.0.1"), Metric: 50, Table: 100);
        host.Client.Add(route);
        try
        {
            var r = Assert.Single(host.IpJson("route", "show", "table", "100").EnumerateArray(), x => Str(x, "dst") == "192.168.50.0/24");
            Assert.Equal("10.0.0.254", Str(r, "gateway"));
            Assert.Equal("eth0", Str(r, "dev"));
            Assert.Equal("10.0.0.1", Str(r, "prefsrc"));
            Assert.Equal(50, r.GetProperty("metric").GetInt32());
            Assert.Equal("keepalived", Str(r, "protocol"));
        }
        finally
        {
            host.Client.Remove(route);
        }
        Assert.DoesNotContain(host.IpJson("route", "show", "table", "100").EnumerateArray(), x => Str(x, "dst") == "192.168.50.0/24");
    }

    [Fact]
    public void AddRemove_BlackholeIpv6RouteInLargeTable_VisibleThenGone()
    {
        var route = new RouteSpec(AddressFamily.InterNetworkV6, IPAddress.Parse("fd01::"), 64, Table: 1000, Type: RtaAttr.RTN_BLACKHOLE);
        host.Client.Add(route);
        try
        {
            var r = Assert.Single(host.IpJson("-6", "route", "show", "table", "1000").EnumerateArray(), x => Str(x, "dst") == "fd01::/64");
            Assert.Equal("blackhole", Str(r, "type"));
        }
        finally
        {
            host.Client.Remove(route);
        }
        Assert.Empty(host.IpJson("-6", "route", "show", "table", "1000").EnumerateArray());
    }

    [Fact]
    public void AddRemove_RuleFromToFwmarkPriority_VisibleThenGone()
    {
        var rule = new RuleSpec(AddressFamily.InterNetwork, IPAddress.Parse("10.0.0.100"), 32, IPAddress.Parse("192.168.7.0"), 24, Table: 100, Priority: 1000, FwMark: 7, FwMask: 0xff);
        host.Client.Add(rule);
        try
        {
            var r = Assert.Single(host.IpJson("rule", "show").EnumerateArray(), x => x.GetProperty("priority").GetInt32() == 1000);
            Assert.Equal("10.0.0.100", Str(r, "src"));
            Assert.Equal("192.168.7.0", Str(r, "dst"));
            Assert.Equal(24, r.GetProperty("dstlen").GetInt32());
            Assert.Equal("100", Str(r, "table"));
            Assert.Equal("0x7", Str(r, "fwmark"));
            Assert.Equal("0xff", Str(r, "fwmask"));
        }
        finally
        {
            host.Client.Remove(rule);
        }
        Assert.DoesNotContain(host.IpJson("rule", "show").EnumerateArray(), x => x.GetProperty("priority").GetInt32() == 1000);
    }

    [Fact]
    public void List_Links_IncludesEth0WithIndexMacAndUp()
    {
        var mac = Str(host.IpJson("link", "show", "dev", "eth0")[0], "address");
        var eth0 = Assert.Single(host.Client.List(), l => l.Name == "eth0");
        Assert.Equal(host.Eth0, eth0.Index);
        Assert.Equal(mac, eth0.Mac);
        Assert.True(eth0.IsUp);
        Assert.Equal("veth", eth0.Kind);
    }

    [Fact]
    public void CreateMacvlan_Vmac_VisiblePrivateWithMacAndUpThenDeleted()
    {
        byte[] mac = [0x00, 0x00, 0x5e, 0x00, 0x01, 51];
        var link = host.Client.CreateMacvlan("vrrp.51", host.Eth0, mac);
        try
        {
            var j = host.IpJson("-d", "link", "show", "dev", "vrrp.51")[0];
            Assert.Equal("00:00:5e:00:01:33", Str(j, "address"));
            var info = j.GetProperty("linkinfo");
            Assert.Equal("macvlan", Str(info, "info_kind"));
            Assert.Equal("private", Str(info.GetProperty("info_data"), "mode"));
            Assert.Contains("UP", j.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
            Assert.Equal(host.Eth0, link.ParentIndex);
            Assert.Equal(IflaAttr.MACVLAN_MODE_PRIVATE, link.MacvlanMode);
        }
        finally
        {
            host.Client.Delete(link.Index);
        }
        Assert.False(NamespaceLab.Run(host.Ns, TimeSpan.FromSeconds(10), "ip", "link", "show", "dev", "vrrp.51").ExitCode == 0);
    }
}
