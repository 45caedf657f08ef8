using KeepalivedSharp.TestKit;
using Xunit.Abstractions;

namespace KeepalivedSharp.Daemon.Tests.Daemon.Ipvs;

/// <summary>
/// lvs_timeouts, lvs_flush, lvs_flush_on_stop and -I with ours against the guest's real IPVS, read with
/// ipvsadm: two runs of $KS_BINARY (<see cref="IpvsVmTests"/> has the guest's setup).
/// </summary>
[Trait("Category", "Root")]
[Collection(nameof(NamespaceTests))]
public class IpvsGlobalsVmTests(IpvsVmFixture fixture, ITestOutputHelper output) : IClassFixture<IpvsVmFixture>
{
    internal const string Service = """
        virtual_server 10.0.0.1 80 {
            delay_loop 1
            lb_algo rr
            lb_kind NAT
            protocol TCP
            real_server 127.0.0.1 8081 {
                TCP_CHECK {
                    connect_timeout 1
                }
            }
        }
        """;

    // Each step's result goes to $J/out as "name value"; waits poll every 0.1 s for at most 15 s.
    private const string Script = "UPTO=150\n" + GuestScript.Preamble + """
        mkdir "$RUN/www" && echo ok >"$RUN/www/index.html"
        busybox httpd -f -p 127.0.0.1:8081 -h "$RUN/www" &
        out timeouts-before "$(ipvsadm -L --timeout)"
        # run 1: lvs_timeouts, lvs_flush (a foreign service goes at start), lvs_flush_on_stop (a foreign one goes at stop)
        ipvsadm -A -u 10.9.9.9:53 -s rr
        sh -c "exec $KS \"\$J/flush.conf\"" >"$J/daemon1.log" 2>&1 &
        d=$!
        upto 'has 127.0.0.1:8081' && out up1 yes || out up1 no
        out timeouts-running "$(ipvsadm -L --timeout)"
        has 10.9.9.9:53 && out foreign-at-start kept || out foreign-at-start gone
        ipvsadm -A -u 10.8.8.8:53 -s rr
        kill -TERM $d; upto '! alive $d'; wait $d; out exit1 $?
        out table-after1 "$(ipvsadm -Ln | grep -c '^[TU][CD]P')"
        out timeouts-after "$(ipvsadm -L --timeout)"
        # run 2: -I, nothing flushed: ours stays at stop, as does a foreign service
        ipvsadm -A -u 10.9.9.9:53 -s rr
        sh -c "exec $KS \"\$J/keep.conf\" -I" >"$J/daemon2.log" 2>&1 &
        d=$!
        upto 'has 127.0.0.1:8081' && out up2 yes || out up2 no
        kill -TERM $d; upto '! alive $d'; wait $d; out exit2 $?
        has 10.0.0.1:80 && out ours-after-I kept || out ours-after-I gone
        has 10.9.9.9:53 && out foreign-after-I kept || out foreign-after-I gone
        ipvsadm -C
        """;

    [Fact]
    public void Ours_LvsGlobals_TimeoutsSetAndRestored_FlushAtStartAndStop_DashIKeepsOurs()
    {
        var binary = Environment.GetEnvironmentVariable("KS_BINARY");
        Assert.False(string.IsNullOrEmpty(binary) || !File.Exists(binary), "KS_BINARY must name the NativeAOT binary (./build.sh)");
        var ks = $"{fixture.Vm.Share(binary!)} -n -l -D -C --lb-backend ipvs -p \"$RUN/ks.pid\" --control-socket \"$RUN/control.sock\" -f";
        var run = fixture.Vm.Run($"KS='{ks}'\n{Script}\n", TimeSpan.FromSeconds(75), new Dictionary<string, string>
        {
            ["flush.conf"] = "global_defs {\n  lvs_timeouts tcp 7200 udp 50\n  lvs_flush\n  lvs_flush_on_stop\n}\n" + Service,
            ["keep.conf"] = Service,
        });
        var o = run.File("out");
        output.WriteLine($"script exit {run.ExitCode}\n{run.Output}\n{o}\ndaemon 1:\n{run.Files.GetValueOrDefault("daemon1.log")}\ndaemon 2:\n{run.Files.GetValueOrDefault("daemon2.log")}");
        var r = o.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");
        Assert.Equal("yes", r["up1"]);
        Assert.Equal("Timeout (tcp tcpfin udp): 7200 120 50", r["timeouts-running"]);
        Assert.Equal("gone", r["foreign-at-start"]);
        Assert.Equal(("0", "0"), (r["exit1"], r["table-after1"]));
        Assert.Equal(r["timeouts-before"], r["timeouts-after"]);
        Assert.Equal("yes", r["up2"]);
        Assert.Equal(("0", "kept", "kept"), (r["exit2"], r["ours-after-I"], r["foreign-after-I"]));
    }
}
