using KeepalivedSharp.TestKit;
using Xunit.Abstractions;

namespace KeepalivedSharp.Daemon.Tests.Daemon.Ipvs;

/// <summary>
/// Forwarding methods, schedulers and service options against the guest's real IPVS, ours and keepalived 2.2.7
/// with the same config and the same backend events (<see cref="IpvsCheckerScenario"/>): DR with persistence and a
/// granularity, TUN over ipip, gue (port, csum) and gre, a fwmark service, IPv6 with mh and mh-port, UDP with lc and
/// thresholds, sh with sh-port and sh-fallback, inhibit_on_failure, and a sorry server. The backends are busybox
/// httpd in a namespace of the guest (10.7.0.2, .3 and fd00:7::2, ::3: not local, so IPVS keeps the method);
/// .3 and ::3 are killed and restarted. Every ipvsadm view, at every stage, must be keepalived's.
/// </summary>
[Trait("Category", "Root")]
[Collection(nameof(NamespaceTests))]
public class IpvsMatrixVmTests(IpvsVmFixture fixture, ITestOutputHelper output) : IClassFixture<IpvsVmFixture>
{
    private const string Check = "TCP_CHECK {\n            connect_timeout 1\n            retry 0\n        }";

    private static readonly string Config = $$"""
        global_defs {
            router_id matrix
        }
        virtual_server 10.0.0.1 80 {
            delay_loop 1
            lb_algo wlc
            lb_kind DR
            persistence_timeout 300
            persistence_granularity 255.255.255.0
            protocol TCP
            real_server 10.7.0.2 80 {
                weight 3
                {{Check}}
            }
            real_server 10.7.0.3 80 {
                {{Check}}
            }
        }
        virtual_server 10.0.0.2 80 {
            delay_loop 1
            lb_algo sh
            sh-port
            sh-fallback
            lb_kind TUN
            protocol TCP
            real_server 10.7.0.2 80 {
                lvs_method TUN type gue port 6080 csum
                {{Check}}
            }
            real_server 10.7.0.3 80 {
                lvs_method TUN type gre
                {{Check}}
            }
        }
        virtual_server fwmark 7 {
            delay_loop 1
            lb_algo rr
            lb_kind TUN
            real_server 10.7.0.2 80 {
                {{Check}}
            }
            real_server 10.7.0.3 80 {
                inhibit_on_failure
                {{Check}}
            }
        }
        virtual_server fd00:1::1 80 {
            delay_loop 1
            lb_algo mh
            mh-port
            lb_kind NAT
            protocol TCP
            real_server fd00:7::2 80 {
                weight 2
                {{Check}}
            }
            real_server fd00:7::3 80 {
                {{Check}}
            }
        }
        virtual_server 10.0.0.3 53 {
            delay_loop 1
            lb_algo lc
            lb_kind NAT
            protocol UDP
            sorry_server 10.7.0.9 53
            real_server 10.7.0.2 53 {
                uthreshold 100
                lthreshold 10
                TCP_CHECK {
                    connect_port 80
                    connect_timeout 1
                    retry 0
                }
            }
            real_server 10.7.0.3 53 {
                TCP_CHECK {
                    connect_port 80
                    connect_timeout 1
                    retry 0
                }
            }
        }
        """;

    // The guest's root namespace is the director (10.7.0.1, fd00:7::1); the backends live in namespace ksrs.
    private const string Backends = """
        # The guest's /run lasts from job to job: the last run's namespace and veth go first.
        ip netns del ksrs 2>/dev/null; ip link del ksd 2>/dev/null
        ip netns add ksrs
        ip link add ksd type veth peer name ksr netns ksrs
        ip addr add 10.7.0.1/24 dev ksd
        ip addr add fd00:7::1/64 dev ksd nodad
        ip link set ksd up
        ip -n ksrs link set lo up
        for a in 10.7.0.2/24 10.7.0.3/24; do ip -n ksrs addr add $a dev ksr; done
        for a in fd00:7::2/64 fd00:7::3/64; do ip -n ksrs addr add $a dev ksr nodad; done
        ip -n ksrs link set ksr up
        backend() { ip netns exec ksrs busybox httpd -f -p "$1:80" -h "$RUN/www" & eval "httpd_$2=\$!"; }
        start_all() { backend 10.7.0.2 a; backend 10.7.0.3 b; backend '[fd00:7::2]' c; backend '[fd00:7::3]' d; }
        kill_one() { kill "$httpd_b" "$httpd_d"; }
        restart_one() { backend 10.7.0.3 b; backend '[fd00:7::3]' d; }
        """;

    // Up: every server of every service, none at weight 0 (the inhibited one is back) and no sorry server.
    // Removed: .3 and ::3 gone but for the fwmark service's inhibited .3, at weight 0 (port 0: keepalived clears
    // a fwmark real server's port, with a warning).
    private const string Up = """
        [ "$(ipvsadm -Ln | grep -c -e '-> 10.7.0.[23]:' -e '-> \[fd00:7::[23]\]:')" = 10 ] && ! ipvsadm -Ln | grep -qE -- '-> .* (Route|Tunnel|Masq) +0 ' && ! has 10.7.0.9:53
        """;
    private const string Removed = """
        [ "$(ipvsadm -Ln | grep -c -e '-> 10.7.0.3:' -e '-> \[fd00:7::3\]:')" = 1 ] && ipvsadm -Ln | grep -qE -- '-> 10\.7\.0\.3:0 +Tunnel +0 '
        """;

    private static readonly IpvsCheckerScenario.Spec Matrix = new(Config, Backends, Up, Removed, "persistent-conn tun-info thresholds", TimeSpan.FromSeconds(240));

    [Fact]
    public void Ours_AndKeepalived_SameIpvsTables_ForEveryMethodSchedulerAndOption_AtEachStage()
    {
        var binary = Environment.GetEnvironmentVariable("KS_BINARY");
        Assert.False(string.IsNullOrEmpty(binary) || !File.Exists(binary), "KS_BINARY must name the NativeAOT binary (./build.sh)");
        var reference = IpvsCheckerScenario.Start(fixture.Vm, IpvsCheckerScenario.Keepalived, Matrix);
        output.WriteLine($"keepalived:\n{reference.Diagnostics}");
        var ours = IpvsCheckerScenario.Start(fixture.Vm, IpvsCheckerScenario.Ours(fixture.Vm.Share(binary!)), Matrix);
        output.WriteLine($"ours:\n{ours.Diagnostics}");
        foreach (var stage in new[] { "up", "removed", "back" })
        {
            Assert.True(reference.Reached.ContainsKey(stage), $"keepalived did not reach {stage}");
            output.WriteLine($"{stage}:\n{reference.Table(stage)}");
            foreach (var view in Matrix.Views.Split(' ')) output.WriteLine($"{stage} --{view}:\n{reference.View(view, stage)}");
        }
        // What the config asks for is really in keepalived's table, so the comparison covers it.
        var up = reference.Table("up");
        foreach (var want in new[] { "Route", "Tunnel", "Masq", "persistent 300 mask 255.255.255.0", "FWM 7 rr", "[fd00:1::1]:80 mh", "UDP 10.0.0.3:53 lc", "sh" })
            Assert.Contains(want, up, StringComparison.Ordinal);
        Assert.Contains("Tunnel gue:6080:+c", reference.View("tun-info", "up"), StringComparison.Ordinal);
        Assert.Contains("Tunnel gre:-c", reference.View("tun-info", "up"), StringComparison.Ordinal);
        Assert.Contains("-> 10.7.0.2:53 100 10", reference.View("thresholds", "up"), StringComparison.Ordinal);
        foreach (var (stage, _) in IpvsCheckerScenario.Reference)
        {
            Assert.True(ours.Reached.ContainsKey(stage), $"ours did not reach {stage}\n{ours.Diagnostics}");
            Assert.Equal(reference.Table(stage), ours.Table(stage));
            foreach (var view in Matrix.Views.Split(' '))
                Assert.Equal(reference.View(view, stage), ours.View(view, stage));
        }
        Assert.Equal("0", ours.Stages["daemon-exit"]);
    }
}
