using KeepalivedSharp.Lab;
using KeepalivedSharp.TestKit;
using static KeepalivedSharp.TestKit.LoadBalancerLab;

namespace KeepalivedSharp.Daemon.Tests.Daemon;

/// <summary>
/// fwmark virtual servers on the nftables backend (issue 12), one per family. The mark is set by a
/// mangle rule of the test's own, as a keepalived user sets it with iptables or nft; the checkers
/// (-C) probe the real servers and marked connections to the VIP follow their verdicts.
/// </summary>
[Trait("Category", "Root")]
[Collection(nameof(NamespaceTests))]
public class LoadBalancerFwmarkDaemonTests
{
    private static readonly string Config = $$"""
        virtual_server fwmark 5 {
            delay_loop 1
            lb_algo rr
            lb_kind NAT
        {{TcpCheckedServer(0)}}
        {{TcpCheckedServer(1)}}
        {{TcpCheckedServer(2)}}
        }
        virtual_server fwmark 6 {
            delay_loop 1
            lb_algo rr
            lb_kind NAT
        {{TcpCheckedServer(0, ipv6: true)}}
        {{TcpCheckedServer(1, ipv6: true)}}
        {{TcpCheckedServer(2, ipv6: true)}}
        }
        """;

    /// <summary>The user's marks, at mangle priority, before our dstnat chains look them up.</summary>
    private const string Mangle = $$"""
        table inet ks_test_mangle {
         chain pre {
          type filter hook prerouting priority mangle; policy accept;
          ip daddr {{Vip}} tcp dport { 80, 8080 } meta mark set 5
          ip6 daddr {{Vip6}} tcp dport { 80, 8080 } meta mark set 6
         }
        }

        """;

    [Fact]
    public void FwmarkServices_BothFamilies_TrafficFollowsTheCheckers_KilledBackendOutAndBack()
    {
        using var lab = new LoadBalancerLab(ipv6: true);
        var rules = Path.Combine(lab.Files, "mangle.nft");
        File.WriteAllText(rules, Mangle);
        NamespaceLab.Exec(lab.Director, "nft", "-f", rules);
        string mangle = lab.Table("inet", "ks_test_mangle")!;

        using (var ours = OurDaemon.Start(lab.Lab, lab.Director, Config, "-C", "--lb-backend", "nftables"))
        {
            ours.Process.WaitForLine(@"nftables: 2 service\(s\), 6 destination\(s\) in the kernel", Bound);
            Assert.Equal((10, 10, 10, 0), Count(lab.Requests(30)));
            Assert.Equal((10, 10, 10, 0), Count(lab.Requests(30, vip: Vip6)));
            // Marked on 8080 too: the real servers' port 80 applies, as IPVS DNATs to dest->port.
            Assert.Equal((2, 2, 2, 0), Count(lab.Requests(6, port: 8080)));
            Assert.Equal((2, 2, 2, 0), Count(lab.Requests(6, port: 8080, vip: Vip6)));
            Assert.DoesNotContain(ours.Process.Lines, l => l.Contains("port", StringComparison.Ordinal) && l.Contains("FWM", StringComparison.Ordinal) && l.Contains("not applied", StringComparison.Ordinal));

            // Both services lose b2, possibly in separate steps: the table line after the later one counts.
            int mark = ours.Process.LineCount;
            lab.KillBackend(1);
            int at = Math.Max(
                ours.Process.WaitForLine(@"Removing service \[10\.0\.1\.12\]:\S*:?80 from VS FWM 5", Bound, mark),
                ours.Process.WaitForLine(@"Removing service \[fd00:1::12\]:\S*:?80 from VS FWM 6", Bound, mark));
            ours.Process.WaitForLine(@"nftables: 2 service\(s\), 4 destination\(s\) in the kernel", Bound, at);
            Assert.Equal((10, 0, 10, 0), Count(lab.Requests(20)));
            Assert.Equal((10, 0, 10, 0), Count(lab.Requests(20, vip: Vip6)));

            mark = ours.Process.LineCount;
            lab.StartBackend(1);
            at = Math.Max(
                ours.Process.WaitForLine(@"Adding service \[10\.0\.1\.12\]:\S*:?80 to VS FWM 5", Bound, mark),
                ours.Process.WaitForLine(@"Adding service \[fd00:1::12\]:\S*:?80 to VS FWM 6", Bound, mark));
            ours.Process.WaitForLine(@"nftables: 2 service\(s\), 6 destination\(s\) in the kernel", Bound, at);
            Assert.Equal((10, 10, 10, 0), Count(lab.Requests(30)));
            Assert.Equal((10, 10, 10, 0), Count(lab.Requests(30, vip: Vip6)));

            ours.Process.Signal("TERM");
            Assert.True(ours.Process.WaitForExit(Bound), ours.Process.Output);
            Assert.True(ours.Process.ExitCode == 0, ours.Process.Output);
        }
        Assert.Null(lab.Table("inet", "keepalived_sharp"));
        Assert.Equal(mangle, lab.Table("inet", "ks_test_mangle"));
    }
}
