using System.Net;
using KeepalivedSharp.Host.Network;
using KeepalivedSharp.Host.Tests.LoadBalancer;
using KeepalivedSharp.Lab;
using KeepalivedSharp.Linux.Netlink;
using static KeepalivedSharp.Host.Tests.LoadBalancer.NftablesLoadBalancerTests;

namespace KeepalivedSharp.Host.Tests.Network;

/// <summary>The drop rules through libnftables, in-process on a thread inside a namespace of the test's own.</summary>
[Trait("Category", "Root")]
[Collection(nameof(LoadBalancerLabTests))]
public sealed class NftVipFirewallTests
{
    private static readonly NftVipOptions Options = new("keepalived", -1, Counters: true);

    /// <summary>
    /// <c>nft list ruleset</c> in a namespace where keepalived 2.2.7 (Debian) runs two no_accept
    /// instances as MASTER, VI_1 with 10.0.0.100 and VI_6 with fd00::100 and fe80::100 on eth0.
    /// </summary>
    internal const string Keepalived227 = """
        table ip keepalived {
            set vips {
                type ipv4_addr
                elements = { 10.0.0.100 }
            }

            chain out {
                type filter hook output priority filter - 1; policy accept;
                ip saddr @vips drop
            }

            chain in {
                type filter hook input priority filter - 1; policy accept;
                ip daddr @vips drop
            }
        }
        table ip6 keepalived {
            set vips {
                type ipv6_addr
                elements = { fd00::100 }
            }

            set neighbor-discovery {
                type icmpv6_type
                flags constant
                elements = { nd-neighbor-solicit,
                         nd-neighbor-advert }
            }

            set vips_link_local {
                type ipv6_addr . iface_index
                elements = { fe80::100 . "eth0" }
            }

            chain out {
                type filter hook output priority filter - 1; policy accept;
                icmpv6 type @neighbor-discovery accept
                ip6 saddr fe80::/10 goto out_link_local
                ip6 saddr @vips drop
            }

            chain in {
                type filter hook input priority filter - 1; policy accept;
                icmpv6 type @neighbor-discovery accept
                ip6 daddr fe80::/10 goto in_link_local
                ip6 daddr @vips drop
            }

            chain in_link_local {
                ip6 daddr . iif @vips_link_local drop
            }

            chain out_link_local {
                ip6 saddr . oif @vips_link_local drop
            }
        }
        """;

    /// <summary>Whitespace runs as one space: nft indents with tabs.</summary>
    internal static string Words(string s) => string.Join(' ', s.Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries));

    private static string List(string ns, string family)
    {
        var r = NamespaceLab.Run(ns, TimeSpan.FromSeconds(10), "nft", "list", "table", family, "keepalived");
        return r.ExitCode == 0 ? r.Stdout : "";
    }

    [Fact]
    public void SameTablesAsKeepalived227_ForTheSameAddresses()
    {
        using var lab = new NamespaceLab();
        var ns = lab.AddHost("fw", "eth0", "10.0.0.1/24", "fd00::1/64");
        int eth0 = Index(ns);
        var fw = In(ns, () => new NftVipFirewall(Options with { Counters = false }));
        try
        {
            // keepalived adds VI_1's then VI_6's addresses, each instance in one batch.
            In(ns, () => fw.Drop([new AddressSpec(IPAddress.Parse("10.0.0.100"), 24, eth0)]));
            In(ns, () => fw.Drop([new AddressSpec(IPAddress.Parse("fd00::100"), 64, eth0), new AddressSpec(IPAddress.Parse("fe80::100"), 64, eth0)]));
            Assert.Equal(Words(Keepalived227), Words(List(ns, "ip") + List(ns, "ip6")));
            In(ns, fw.Release);
        }
        finally
        {
            In(ns, fw.Dispose);
        }
    }

    private static int Index(string ns)
        => int.Parse(NamespaceLab.Exec(ns, "cat", "/sys/class/net/eth0/ifindex").Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void DropAcceptRelease_KeepalivedLayout_OtherTablesUntouched()
    {
        using var lab = new NamespaceLab();
        var ns = lab.AddHost("fw", "eth0", "10.0.0.1/24", "fd00::1/64");
        NamespaceLab.Exec(ns, "nft", "add", "table", "ip", "ks_test_marker");
        int eth0 = Index(ns);
        var v4 = new AddressSpec(IPAddress.Parse("10.0.0.100"), 24, eth0);
        var v6 = new AddressSpec(IPAddress.Parse("fd00::100"), 64, eth0);
        var ll = new AddressSpec(IPAddress.Parse("fe80::100"), 64, eth0);

        // Every batch the firewall sends passes nft -j -c first.
        var files = Path.Combine(Path.GetTempPath(), $"ks-vipfw-{Environment.ProcessId}");
        Directory.CreateDirectory(files);
        try
        {
            var create = Path.Combine(files, "create.json");
            File.WriteAllBytes(create, NftVipCommands.Change(Options, NftVipParts.None, [NftVipKey.Of(v4), NftVipKey.Of(v6), NftVipKey.Of(ll)], [], out _));
            var check = NamespaceLab.Run(ns, TimeSpan.FromSeconds(10), "nft", "-j", "-c", "-f", create);
            Assert.True(check.ExitCode == 0, check.Output);
        }
        finally
        {
            Directory.Delete(files, true);
        }

        var fw = In(ns, () => new NftVipFirewall(Options));
        try
        {
            Assert.False(fw.HasTables); // nothing dropped yet: no table, and no "left in place" warning at exit
            In(ns, () => fw.Drop([v4, v6, ll]));
            Assert.True(fw.HasTables);
            string ip = List(ns, "ip"), ip6 = List(ns, "ip6");
            Assert.Contains("elements = { 10.0.0.100 }", ip, StringComparison.Ordinal);
            Assert.Contains("ip daddr @vips counter packets 0 bytes 0 drop", ip, StringComparison.Ordinal);
            Assert.Contains("ip saddr @vips counter packets 0 bytes 0 drop", ip, StringComparison.Ordinal);
            Assert.Contains("elements = { fd00::100 }", ip6, StringComparison.Ordinal);
            Assert.Contains("elements = { fe80::100 . \"eth0\" }", ip6, StringComparison.Ordinal);
            Assert.Contains("icmpv6 type @neighbor-discovery counter packets 0 bytes 0 accept", ip6, StringComparison.Ordinal);

            // A second holder of the same address keeps it dropped until both let it go.
            In(ns, () => fw.Drop([v4]));
            In(ns, () => fw.Accept([v4]));
            Assert.Contains("elements = { 10.0.0.100 }", List(ns, "ip"), StringComparison.Ordinal);
            In(ns, () => fw.Accept([v4, ll]));
            Assert.DoesNotContain("10.0.0.100", List(ns, "ip"), StringComparison.Ordinal);
            Assert.DoesNotContain("fe80::100", List(ns, "ip6"), StringComparison.Ordinal);
            Assert.Contains("fd00::100", List(ns, "ip6"), StringComparison.Ordinal);

            // Deleted by hand: the next change builds the tables again with what is dropped.
            NamespaceLab.Exec(ns, "nft", "delete", "table", "ip", "keepalived");
            In(ns, () => fw.Drop([v4]));
            Assert.Contains("elements = { 10.0.0.100 }", List(ns, "ip"), StringComparison.Ordinal);
            Assert.Contains("elements = { fd00::100 }", List(ns, "ip6"), StringComparison.Ordinal);

            In(ns, fw.Release);
            Assert.False(fw.HasTables);
            Assert.Equal("", List(ns, "ip"));
            Assert.Equal("", List(ns, "ip6"));
            Assert.Equal(0, NamespaceLab.Run(ns, TimeSpan.FromSeconds(10), "nft", "list", "table", "ip", "ks_test_marker").ExitCode);
        }
        finally
        {
            In(ns, fw.Dispose);
        }
    }
}
