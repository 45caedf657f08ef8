using KeepalivedSharp.Lab;
using KeepalivedSharp.TestKit;
using static KeepalivedSharp.TestKit.LoadBalancerLab;

namespace KeepalivedSharp.Daemon.Tests.Daemon;

/// <summary>
/// An LVS-NAT director pair on the nftables backend (issue 12): VRRP moves the VIP and the backends'
/// gateway together, and each director's checkers keep its table programmed whatever its VRRP state,
/// as keepalived's checker programs IPVS on both nodes. A failover is served at once by the table the
/// backup already holds.
/// </summary>
[Trait("Category", "Root")]
[Collection(nameof(NamespaceTests))]
public class DirectorPairDaemonTests
{
    private static string Config(int priority) => $$"""
        vrrp_instance VI_1 {
            state BACKUP
            interface eth0
            virtual_router_id 51
            priority {{priority}}
            advert_int 1
            virtual_ipaddress {
                {{Vip}}/24
                {{Gateway}}/24
            }
        }
        virtual_server {{Vip}} 80 {
            delay_loop 1
            lb_algo rr
            lb_kind NAT
            protocol TCP
        {{TcpCheckedServer(0)}}
        {{TcpCheckedServer(1)}}
        {{TcpCheckedServer(2)}}
        }
        """;

    private const string Programmed = @"nftables: 1 service\(s\), 3 destination\(s\) in the kernel";

    private static bool HasVip(string ns) =>
        NamespaceLab.Run(ns, TimeSpan.FromSeconds(5), "ip", "-4", "-o", "addr", "show", "dev", "eth0").Stdout.Contains($" {Vip}/", StringComparison.Ordinal);

    [Fact]
    public void Failover_MovesVipAndGateway_BackupTableAlreadyProgrammed_OtherTablesUntouched()
    {
        using var lab = new LoadBalancerLab(pair: true);
        string dir2 = lab.Director2!;
        string marker2 = lab.Table("ip", MarkerTable, dir2)!;
        using var first = OurDaemon.Start(lab.Lab, lab.Director, Config(150), "--lb-backend", "nftables");
        using var second = OurDaemon.Start(lab.Lab, dir2, Config(100), "--lb-backend", "nftables");
        first.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", Bound);
        first.Process.WaitForLine(Programmed, Bound);
        // The backup programs its table too, before any failover.
        second.Process.WaitForLine(@"\(VI_1\) Entering BACKUP STATE", Bound);
        second.Process.WaitForLine(Programmed, Bound);
        Assert.Contains("10.0.1.13", lab.Table("inet", "keepalived_sharp", dir2), StringComparison.Ordinal);
        Assert.False(HasVip(dir2));

        // The master stops: it sends priority 0 and deletes its table; the backup takes both addresses.
        // A client connecting every 50 ms throughout sees no failed request: a SYN that meets no VIP is
        // sent again and lands on the new master.
        var steady = lab.SteadyRequests();
        int before = steady.WaitFor(10);
        int mark = second.Process.LineCount;
        first.Process.Signal("TERM");
        Assert.True(first.Process.WaitForExit(Bound), first.Process.Output);
        Assert.True(first.Process.ExitCode == 0, first.Process.Output);
        second.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", Bound, mark);
        steady.WaitFor(20, before);
        var during = steady.Stop();
        Assert.True(Count(during).Failed == 0, string.Join('\n', during.Where(b => b.StartsWith("ERR", StringComparison.Ordinal))));
        Assert.True(new[] { Count(during).B1, Count(during).B2, Count(during).B3 }.All(n => n > 0), Count(during).ToString());
        Assert.Equal((10, 10, 10, 0), Count(lab.Requests(30)));
        Assert.True(HasVip(dir2));
        Assert.Null(lab.Table("inet", "keepalived_sharp"));
        // No change was needed on the new master: its table was programmed already.
        Assert.DoesNotContain(second.Process.Lines.Skip(mark), l => l.Contains("in the kernel", StringComparison.Ordinal));

        // Its checkers still drive it as master.
        mark = second.Process.LineCount;
        lab.KillBackend(1);
        int at = second.Process.WaitForLine(@"Removing service \[10\.0\.1\.12\]:tcp:80 from VS", Bound, mark);
        second.Process.WaitForLine(@"nftables: 1 service\(s\), 2 destination\(s\) in the kernel", Bound, at);
        Assert.Equal((10, 0, 10, 0), Count(lab.Requests(20)));

        second.Process.Signal("TERM");
        Assert.True(second.Process.WaitForExit(Bound), second.Process.Output);
        Assert.Null(lab.Table("inet", "keepalived_sharp", dir2));
        Assert.Equal(marker2, lab.Table("ip", MarkerTable, dir2));
    }
}
