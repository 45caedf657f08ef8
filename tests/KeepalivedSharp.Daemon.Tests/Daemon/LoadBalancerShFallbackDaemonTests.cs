using KeepalivedSharp.Lab;
using KeepalivedSharp.TestKit;
using static KeepalivedSharp.TestKit.LoadBalancerLab;

namespace KeepalivedSharp.Daemon.Tests.Daemon;

/// <summary>
/// sh with sh-fallback on the nftables backend (issue 12), driven by the checkers (-C) with
/// inhibit_on_failure: each source stays on its server; when that server fails it is set to weight 0
/// and, as ip_vs_sh_get_fallback does, only its sources move (to one other server each) while every
/// other source stays; when it recovers its sources come back.
/// </summary>
[Trait("Category", "Root")]
[Collection(nameof(NamespaceTests))]
public class LoadBalancerShFallbackDaemonTests
{
    private static readonly string Config = $$"""
        virtual_server {{Vip}} 80 {
            delay_loop 1
            lb_algo sh
            sh-fallback
            lb_kind NAT
            protocol TCP
        {{TcpCheckedServer(0, inhibit: true)}}
        {{TcpCheckedServer(1, inhibit: true)}}
        {{TcpCheckedServer(2, inhibit: true)}}
        }
        """;

    private const string Vs = @"\[10\.0\.0\.100\]:tcp:80";

    /// <summary>The one server that answered all of a source's connections.</summary>
    private static string Only(string[] bodies)
    {
        Assert.Equal(3, bodies.Length);
        Assert.All(bodies, b => Assert.Equal(bodies[0], b));
        Assert.StartsWith("b", bodies[0], StringComparison.Ordinal);
        return bodies[0];
    }

    [Fact]
    public void ShFallback_SourcesStay_OnlyTheDownServersSourcesMove_AndComeBack()
    {
        using var lab = new LoadBalancerLab();
        string[] clients = Enumerable.Range(2, 12).Select(i => $"10.0.0.{i}").ToArray();
        foreach (var c in clients[1..]) NamespaceLab.Exec(lab.Client, "ip", "addr", "add", $"{c}/24", "dev", "eth0");
        using var ours = OurDaemon.Start(lab.Lab, lab.Director, Config, "-C", "--lb-backend", "nftables");
        ours.Process.WaitForLine(@"nftables: 1 service\(s\), 3 destination\(s\) in the kernel", Bound);
        Assert.DoesNotContain(ours.Process.Lines, l => l.Contains("sh-fallback", StringComparison.Ordinal));

        var first = clients.ToDictionary(c => c, c => Only(lab.Requests(3, source: c)));
        Assert.True(first.Values.Distinct().Count() >= 2, string.Join(' ', first));

        string gone = first[clients[0]];
        int down = gone[1] - '1';
        int mark = ours.Process.LineCount;
        lab.KillBackend(down);
        int at = ours.Process.WaitForLine($@"Disabling service \[{Address(down).Replace(".", @"\.")}\]:tcp:80 of VS {Vs}", Bound, mark);
        ours.Process.WaitForLine(@"nftables: 1 service\(s\), 3 destination\(s\) in the kernel", Bound, at);
        foreach (var c in clients)
        {
            string now = Only(lab.Requests(3, source: c));
            if (first[c] == gone) Assert.NotEqual(gone, now);
            else Assert.Equal(first[c], now);
        }

        mark = ours.Process.LineCount;
        lab.StartBackend(down);
        at = ours.Process.WaitForLine($@"Enabling service \[{Address(down).Replace(".", @"\.")}\]:tcp:80 of VS {Vs}", Bound, mark);
        ours.Process.WaitForLine(@"nftables: 1 service\(s\), 3 destination\(s\) in the kernel", Bound, at);
        foreach (var c in clients) Assert.Equal(first[c], Only(lab.Requests(3, source: c)));

        ours.Process.Signal("TERM");
        Assert.True(ours.Process.WaitForExit(Bound), ours.Process.Output);
        Assert.True(ours.Process.ExitCode == 0, ours.Process.Output);
    }
}
