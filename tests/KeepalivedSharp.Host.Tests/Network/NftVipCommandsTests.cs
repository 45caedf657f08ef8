using System.Collections.Immutable;
using System.Net;
using System.Text;
using KeepalivedSharp.Host.Network;
using KeepalivedSharp.Host.Planning;
using KeepalivedSharp.Host.Ports;
using KeepalivedSharp.Linux.Netlink;
using Microsoft.Extensions.Logging.Abstractions;

namespace KeepalivedSharp.Host.Tests.Network;

/// <summary>The drop rules' JSON (checked against nft and keepalived 2.2.7's own tables by NftVipFirewallTests) and their order around the moves.</summary>
public sealed class NftVipCommandsTests
{
    private static readonly NftVipOptions Options = new("keepalived", -1, Counters: false);
    private static readonly NftVipKey V4 = new(IPAddress.Parse("10.0.0.100"), 0);

    private static string Json(byte[] b) => Encoding.UTF8.GetString(b);

    [Fact]
    public void FirstIpv4Address_ClearsLeftoversOfBothFamilies_ThenKeepalivedsIpTable()
    {
        var json = Json(NftVipCommands.Change(Options, NftVipParts.None, [V4], [], out var now));
        Assert.Equal(NftVipParts.Ip, now);
        Assert.Equal(
            """{"nftables":[{"add":{"table":{"family":"ip","name":"keepalived"}}},{"delete":{"table":{"family":"ip","name":"keepalived"}}},"""
            + """{"add":{"table":{"family":"ip6","name":"keepalived"}}},{"delete":{"table":{"family":"ip6","name":"keepalived"}}},"""
            + """{"add":{"table":{"family":"ip","name":"keepalived"}}},"""
            + """{"add":{"chain":{"family":"ip","table":"keepalived","name":"out","type":"filter","hook":"output","prio":-1,"policy":"accept"}}},"""
            + """{"add":{"chain":{"family":"ip","table":"keepalived","name":"in","type":"filter","hook":"input","prio":-1,"policy":"accept"}}},"""
            + """{"add":{"set":{"family":"ip","table":"keepalived","name":"vips","type":"ipv4_addr"}}},"""
            + """{"add":{"rule":{"family":"ip","table":"keepalived","chain":"in","expr":[{"match":{"op":"==","left":{"payload":{"protocol":"ip","field":"daddr"}},"right":"@vips"}},{"drop":null}]}}},"""
            + """{"add":{"rule":{"family":"ip","table":"keepalived","chain":"out","expr":[{"match":{"op":"==","left":{"payload":{"protocol":"ip","field":"saddr"}},"right":"@vips"}},{"drop":null}]}}},"""
            + """{"add":{"element":{"family":"ip","table":"keepalived","name":"vips","elem":["10.0.0.100"]}}}]}""",
            json);
    }

    [Fact]
    public void LaterChanges_OnlyElements_LinkLocalWithItsInterfaceIndex()
    {
        var ll = new NftVipKey(IPAddress.Parse("fe80::100"), 3);
        var json = Json(NftVipCommands.Change(Options, NftVipParts.Ip | NftVipParts.Ip6 | NftVipParts.Ip6LinkLocal, [ll], [V4], out _));
        Assert.Equal(
            """{"nftables":[{"add":{"element":{"family":"ip6","table":"keepalived","name":"vips_link_local","elem":[{"concat":["fe80::100",3]}]}}},"""
            + """{"delete":{"element":{"family":"ip","table":"keepalived","name":"vips","elem":["10.0.0.100"]}}}]}""",
            json);
    }

    [Fact]
    public void Counters_ComeBeforeTheVerdict_AsAddCounter()
    {
        var json = Json(NftVipCommands.Change(Options with { Counters = true, Priority = 5 }, NftVipParts.Ip, [new(IPAddress.Parse("fd00::100"), 0)], [], out var now));
        Assert.Equal(NftVipParts.Ip | NftVipParts.Ip6, now);
        Assert.DoesNotContain("""{"family":"ip","name":"keepalived"}""", json, StringComparison.Ordinal);
        Assert.Contains("\"right\":\"@vips\"}},{\"counter\":null},{\"drop\":null}]", json, StringComparison.Ordinal);
        Assert.Contains("\"prio\":5", json, StringComparison.Ordinal);
        Assert.Contains("""{"counter":null},{"goto":{"target":"in_link_local"}}""", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Delete_OnlyTheTablesThatExist()
    {
        Assert.Equal("""{"nftables":[{"delete":{"table":{"family":"ip6","name":"other"}}}]}""",
            Json(NftVipCommands.Delete(Options with { Table = "other" }, NftVipParts.Ip6 | NftVipParts.Ip6LinkLocal)));
        Assert.Equal("""{"nftables":[]}""", Json(NftVipCommands.Delete(Options, NftVipParts.None)));
    }

    private sealed class Inner(MemoryVipFirewall fw, List<string> log) : IHostNetwork
    {
        public void Move(string owner, HostObjects from, HostObjects to) => log.Add($"move dropped={fw.Dropped.Count}");
    }

    [Fact]
    public void FirewalledNetwork_DropsBeforeTheAddressesComeAndAcceptsAfterTheyGo()
    {
        var fw = new MemoryVipFirewall();
        var order = new List<string>();
        var net = new FirewalledNetwork(new Inner(fw, order), fw, NullLogger.Instance);
        var vip = new AddressSpec(IPAddress.Parse("10.0.0.100"), 24, 2);
        var held = new HostObjects([vip], [], []) { Dropped = [vip] };

        net.Move("VI_1", HostObjects.Empty, held);
        Assert.Equal(["move dropped=1"], order);
        Assert.True(fw.IsDropped(vip.Address));

        net.Move("VI_1", held, HostObjects.Empty);
        Assert.Equal(["move dropped=1", "move dropped=1"], order);
        Assert.Empty(fw.Dropped);
        Assert.Equal(["drop 10.0.0.100", "accept 10.0.0.100"], fw.Calls);

        // An instance that accepts (nothing in Dropped) never touches the firewall.
        net.Move("VI_2", HostObjects.Empty, new HostObjects([vip], [], []));
        Assert.Equal(2, fw.Calls.Count);
    }

    [Fact]
    public void Plan_DropsItsAddressesOnlyWhenAskedTo()
    {
        var plan = new InstancePlan("VI_1", 51, System.Net.Sockets.AddressFamily.InterNetwork, "eth0", default, new AnnounceTarget(2, new byte[6]),
            [new AddressSpec(IPAddress.Parse("10.0.0.100"), 24, 2)], [], [], null, new HostBinding("eth0", 2));
        Assert.Empty(plan.Objects.Dropped);
        Assert.Single((plan with { DropsAddressTraffic = true }).Objects.Dropped);
    }
}
