using KeepalivedSharp.TestKit;
using static KeepalivedSharp.TestKit.LoadBalancerLab;

namespace KeepalivedSharp.Daemon.Tests.Daemon;

/// <summary>
/// An IPv6 virtual server on the nftables backend (issue 12): the checkers (-C) probe three real
/// servers over IPv6 and client connections to [fd00::100]:80 follow their verdicts.
/// </summary>
[Trait("Category", "Root")]
[Collection(nameof(NamespaceTests))]
public class LoadBalancerIpv6DaemonTests
{
    private static readonly string Config = $$"""
        virtual_server {{Vip6}} 80 {
            delay_loop 1
            lb_algo rr
            lb_kind NAT
            protocol TCP
        {{TcpCheckedServer(0, ipv6: true)}}
        {{TcpCheckedServer(1, ipv6: true)}}
        {{TcpCheckedServer(2, ipv6: true)}}
        }
        """;

    private const string Vs = @"\[fd00::100\]:tcp:80";

    [Fact]
    public void Ipv6Vip_TrafficFollowsTheCheckers_KilledBackendOutAndBack()
    {
        using var lab = new LoadBalancerLab(ipv6: true);
        using var ours = OurDaemon.Start(lab.Lab, lab.Director, Config, "-C", "--lb-backend", "nftables");
        ours.Process.WaitForLine(@"nftables: 1 service\(s\), 3 destination\(s\) in the kernel", Bound);
        Assert.Equal((10, 10, 10, 0), Count(lab.Requests(30, vip: Vip6)));

        int mark = ours.Process.LineCount;
        lab.KillBackend(1);
        int at = ours.Process.WaitForLine($@"Removing service \[fd00:1::12\]:tcp:80 from VS {Vs}", Bound, mark);
        ours.Process.WaitForLine(@"nftables: 1 service\(s\), 2 destination\(s\) in the kernel", Bound, at);
        Assert.Equal((10, 0, 10, 0), Count(lab.Requests(20, vip: Vip6)));

        mark = ours.Process.LineCount;
        lab.StartBackend(1);
        at = ours.Process.WaitForLine($@"Adding service \[fd00:1::12\]:tcp:80 to VS {Vs}", Bound, mark);
        ours.Process.WaitForLine(@"nftables: 1 service\(s\), 3 destination\(s\) in the kernel", Bound, at);
        Assert.Equal((10, 10, 10, 0), Count(lab.Requests(30, vip: Vip6)));

        ours.Process.Signal("TERM");
        Assert.True(ours.Process.WaitForExit(Bound), ours.Process.Output);
        Assert.True(ours.Process.ExitCode == 0, ours.Process.Output);
        Assert.Null(lab.Table("inet", "keepalived_sharp"));
    }
}
