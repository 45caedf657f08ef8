using KeepalivedSharp.TestKit;
using Xunit.Abstractions;

namespace KeepalivedSharp.Daemon.Tests.Daemon.Ipvs;

/// <summary>
/// lvs_sync_daemon against the guest's real IPVS, read with <c>ipvsadm -L --daemon</c>, for ours and for
/// keepalived 2.2.7 with the same configs in the same guest. VRRP runs on a veth inside the guest
/// (<c>-nic none</c>: nothing leaves it); FAULT is the peer's carrier going down.
/// </summary>
[Trait("Category", "Root")]
[Collection(nameof(NamespaceTests))]
public class IpvsSyncDaemonVmTests(IpvsVmFixture fixture, ITestOutputHelper output) : IClassFixture<IpvsVmFixture>
{
    private const string WithInstance = """
        global_defs {
            lvs_sync_daemon ks0 VI_1 id 7 port 8850
        }
        vrrp_instance VI_1 {
            state BACKUP
            interface ks0
            virtual_router_id 51
            priority 100
            advert_int 1
            virtual_ipaddress { 192.168.77.100/24 }
        }
        """;

    private const string NoInstance = """
        global_defs {
            lvs_sync_daemon ks0 ttl 2
        }

        """ + IpvsGlobalsVmTests.Service;

    // Each step's result goes to $J/out as "name value"; waits poll every 0.1 s for at most 30 s.
    private const string Script = "UPTO=300\n" + GuestScript.Preamble + """
        daemons() { ipvsadm -L --daemon | sort | tr '\n' ';'; }
        # only ROLE: that daemon runs and no other
        only() { l=$(ipvsadm -L --daemon); echo "$l" | grep -q "^$1 " && ! echo "$l" | grep -qv "^$1 "; }
        vip() { ip -4 addr show dev ks0 | grep -qF 192.168.77.100/; }
        ip link add ks0 type veth peer name ks1
        ip addr add 192.168.77.1/24 dev ks0
        ip link set ks1 up
        ip link set ks0 up
        vrrp() { # NAME COMMAND: start, MASTER, FAULT, MASTER again, exit
            sh -c "exec $2 -f \"\$J/instance.conf\"" >"$J/$1.log" 2>&1 &
            d=$!
            upto '[ -n "$(daemons)" ]' && upto 'only backup'; out "$1-start" "$(daemons)"
            upto vip && upto 'only master'; out "$1-master" "$(daemons)"
            ip link set ks1 down
            upto '! vip' && upto 'only backup'; out "$1-fault" "$(daemons)"
            ip link set ks1 up
            upto vip && upto 'only master'; out "$1-master2" "$(daemons)"
            kill -TERM $d; upto '! alive $d'; wait $d; out "$1-exit" $?
            out "$1-after" "$(daemons)"
        }
        checker() { # NAME COMMAND: both from start to exit
            sh -c "exec $2 -f \"\$J/noinstance.conf\"" >"$J/$1-checker.log" 2>&1 &
            d=$!
            upto 'ipvsadm -L --daemon | grep -q ^backup && ipvsadm -L --daemon | grep -q ^master'; out "$1-both" "$(daemons)"
            kill -TERM $d; upto '! alive $d'; wait $d; out "$1-both-exit" $?
            out "$1-both-after" "$(daemons)"
        }
        vrrp ours "$KS -P"
        vrrp keepalived "$KA -P"
        checker ours "$KS -C"
        checker keepalived "$KA -C"
        """;

    [Fact]
    public void LvsSyncDaemon_FollowsTheInstance_AndWithoutOneRunsBoth_AsKeepalived()
    {
        var binary = Environment.GetEnvironmentVariable("KS_BINARY");
        Assert.False(string.IsNullOrEmpty(binary) || !File.Exists(binary), "KS_BINARY must name the NativeAOT binary (./build.sh)");
        var ks = $"{fixture.Vm.Share(binary!)} -n -l -D --lb-backend ipvs -p \"$RUN/ks.pid\" --control-socket \"$RUN/control.sock\"";
        const string ka = "/usr/sbin/keepalived -n -l -D -p \"$RUN/k.pid\" -c \"$RUN/c.pid\" -r \"$RUN/v.pid\"";
        var run = fixture.Vm.Run($"KS='{ks}'\nKA='{ka}'\n{Script}\n", TimeSpan.FromSeconds(170), new Dictionary<string, string>
        {
            ["instance.conf"] = WithInstance,
            ["noinstance.conf"] = NoInstance,
        });
        var o = run.File("out");
        output.WriteLine($"script exit {run.ExitCode}\n{run.Output}\n{o}");
        foreach (var log in new[] { "ours.log", "keepalived.log", "ours-checker.log", "keepalived-checker.log" })
            output.WriteLine($"{log}:\n{run.Files.GetValueOrDefault(log)}");
        var r = o.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");
        const string master = "master sync daemon (mcast=ks0, syncid=7, maxlen=1472, group=224.0.0.81, port=8850, ttl=1);";
        const string backup = "backup sync daemon (mcast=ks0, syncid=7, maxlen=1472, group=224.0.0.81, port=8850, ttl=1);";
        foreach (var who in new[] { "keepalived", "ours" })
        {
            Assert.Equal((backup, master, backup, master, "0", ""),
                (r[$"{who}-start"], r[$"{who}-master"], r[$"{who}-fault"], r[$"{who}-master2"], r[$"{who}-exit"], r[$"{who}-after"]));
            Assert.Equal(("0", ""), (r[$"{who}-both-exit"], r[$"{who}-both-after"]));
        }
        Assert.Contains("syncid=0", r["keepalived-both"], StringComparison.Ordinal);
        Assert.Equal(r["keepalived-both"], r["ours-both"]);
    }
}
