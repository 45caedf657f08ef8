using KeepalivedSharp.TestKit;
using static KeepalivedSharp.TestKit.LoadBalancerLab;

namespace KeepalivedSharp.Daemon.Tests.Daemon;

/// <summary>
/// The checkers (-C) drive the nftables backend in the director's namespace: client requests to
/// the VIP follow the checkers' verdicts on three real web servers (issue 12).
/// </summary>
[Trait("Category", "Root")]
[Collection(nameof(NamespaceTests))]
public class LoadBalancerDaemonTests
{
    private static readonly string Config = $$"""
        virtual_server 10.0.0.100 80 {
            delay_loop 1
            lb_algo rr
            lb_kind NAT
            protocol TCP
        {{TcpCheckedServer(0)}}
        {{TcpCheckedServer(1)}}
            real_server 10.0.1.13 80 {
                inhibit_on_failure
                HTTP_GET {
                    url {
                        path /index.html
                        status_code 200
                    }
                    connect_timeout 1
                    retry 0
                }
            }
        }
        """;

    private const string Vs = @"\[10\.0\.0\.100\]:tcp:80";

    [Fact]
    public void KilledBackend_CheckerTakesItOut_NoFailedNewRequests_TableGoneAtStop()
    {
        using var lab = new LoadBalancerLab();
        string marker = lab.Table("ip", MarkerTable)!;
        using (var ours = OurDaemon.Start(lab.Lab, lab.Director, Config, "-C"))
        {
            ours.Process.WaitForLine(@"Load balancer: nftables \(auto: the kernel has no ip_vs; table inet keepalived_sharp\)", Bound);
            ours.Process.WaitForLine(@"nftables: 1 service\(s\), 3 destination\(s\) in the kernel", Bound);
            Assert.Equal((10, 10, 10, 0), Count(lab.Requests(30)));

            int mark = ours.Process.LineCount;
            lab.KillBackend(1);
            int at = ours.Process.WaitForLine($@"Removing service \[10\.0\.1\.12\]:tcp:80 from VS {Vs}", Bound, mark);
            ours.Process.WaitForLine(@"nftables: 1 service\(s\), 2 destination\(s\) in the kernel", Bound, at);
            Assert.Equal((10, 0, 10, 0), Count(lab.Requests(20)));

            // inhibit_on_failure: b3 stays at weight 0, so it gets no new flows.
            mark = ours.Process.LineCount;
            lab.KillBackend(2);
            at = ours.Process.WaitForLine($@"Disabling service \[10\.0\.1\.13\]:tcp:80 of VS {Vs}", Bound, mark);
            ours.Process.WaitForLine(@"nftables: 1 service\(s\), 2 destination\(s\) in the kernel", Bound, at);
            Assert.Equal((10, 0, 0, 0), Count(lab.Requests(10)));

            mark = ours.Process.LineCount;
            lab.StartBackend(1);
            lab.StartBackend(2);
            // They may come back in separate steps: the table line after the later of the two counts.
            at = Math.Max(
                ours.Process.WaitForLine($@"Adding service \[10\.0\.1\.12\]:tcp:80 to VS {Vs}", Bound, mark),
                ours.Process.WaitForLine($@"Enabling service \[10\.0\.1\.13\]:tcp:80 of VS {Vs}", Bound, mark));
            ours.Process.WaitForLine(@"nftables: 1 service\(s\), 3 destination\(s\) in the kernel", Bound, at);
            Assert.Equal((10, 10, 10, 0), Count(lab.Requests(30)));
            Assert.NotNull(lab.Table("inet", "keepalived_sharp"));

            mark = ours.Process.LineCount;
            ours.Process.Signal("TERM");
            Assert.True(ours.Process.WaitForExit(Bound), ours.Process.Output);
            Assert.True(ours.Process.ExitCode == 0, ours.Process.Output);
            Assert.DoesNotContain(ours.Process.Lines, l => l.Contains("failed", StringComparison.Ordinal) && l.Contains("nftables", StringComparison.Ordinal));
            // At stop the table goes in one step (clear_services), not first emptied by the engine's last table.
            Assert.DoesNotContain(ours.Process.Lines.Skip(mark), l => l.Contains("in the kernel", StringComparison.Ordinal));
        }
        Assert.Null(lab.Table("inet", "keepalived_sharp"));
        Assert.Equal(marker, lab.Table("ip", MarkerTable));
    }
    private const string SorryConfig = """
        virtual_server 10.0.0.100 80 {
            delay_loop 1
            lb_algo wrr
            lb_kind NAT
            protocol TCP
            sorry_server 10.0.1.13 80
            real_server 10.0.1.11 80 {
                weight 2
                TCP_CHECK {
                    connect_timeout 1
                    retry 0
                }
            }
            real_server 10.0.1.12 80 {
                weight 1
                TCP_CHECK {
                    connect_timeout 1
                    retry 0
                }
            }
        }
        """;

    [Fact]
    public void AllDown_SorryServerServes_RecoveryBringsThePoolBack()
    {
        using var lab = new LoadBalancerLab();
        // A table of ours left by an earlier run (kill -9): found, reported and replaced.
        var left = Path.Combine(lab.Files, "left.json");
        var stale = new Core.Check.LoadBalancerTable(Core.Check.LoadBalancerTable.Empty.Services.Add(
            Core.Check.ServiceKey.ForAddress(Core.Check.LbProtocol.Tcp, System.Net.IPAddress.Parse(Vip), 8080),
            new Core.Check.ServiceEntry(Core.Check.ServiceOptions.Default, Core.Check.LoadBalancerTable.NoDestinations.Add(
                new Core.Check.DestinationKey(System.Net.IPAddress.Parse("10.0.1.12"), 80), new Core.Check.Destination(Core.Check.DestinationOptions.Nat, 1)))));
        File.WriteAllBytes(left, Host.LoadBalancer.NftCommands.Change(Core.Check.LoadBalancerTable.Empty, stale, create: true));
        KeepalivedSharp.Lab.NamespaceLab.Exec(lab.Director, "nft", "-j", "-f", left);
        Assert.Equal((0, 2, 0, 0), Count(lab.Requests(2, 8080)));

        using var ours = OurDaemon.Start(lab.Lab, lab.Director, SorryConfig, "-C", "--lb-backend", "nftables");
        ours.Process.WaitForLine(@"Load balancer: nftables \(--lb-backend nftables; table inet keepalived_sharp\)", Bound);
        ours.Process.WaitForLine(@"nftables: found our table from an earlier run with 1 service\(s\), 1 destination\(s\); it is replaced", Bound);
        ours.Process.WaitForLine(@"nftables: 1 service\(s\), 2 destination\(s\) in the kernel", Bound);
        Assert.Equal((20, 10, 0, 0), Count(lab.Requests(30)));
        Assert.All(lab.Requests(2, 8080), b => Assert.Contains("refused", b, StringComparison.Ordinal));

        int mark = ours.Process.LineCount;
        lab.KillBackend(0);
        lab.KillBackend(1);
        int at = ours.Process.WaitForLine($@"Lost quorum 1-0=1 > 0 for VS {Vs}", Bound, mark);
        ours.Process.WaitForLine(@"nftables: 1 service\(s\), 1 destination\(s\) in the kernel", Bound, at);
        Assert.Equal((0, 0, 10, 0), Count(lab.Requests(10)));

        mark = ours.Process.LineCount;
        lab.StartBackend(0);
        lab.StartBackend(1);
        ours.Process.WaitForLine($@"Gained quorum 1\+0=1 <= [123] for VS {Vs}", Bound, mark);
        // Quorum comes back with the first server; wait for both in the table.
        at = Math.Max(
            ours.Process.WaitForLine($@"Adding service \[10\.0\.1\.11\]:tcp:80 to VS {Vs}", Bound, mark),
            ours.Process.WaitForLine($@"Adding service \[10\.0\.1\.12\]:tcp:80 to VS {Vs}", Bound, mark));
        ours.Process.WaitForLine(@"nftables: 1 service\(s\), 2 destination\(s\) in the kernel", Bound, at);
        Assert.Equal((20, 10, 0, 0), Count(lab.Requests(30)));
    }
}
