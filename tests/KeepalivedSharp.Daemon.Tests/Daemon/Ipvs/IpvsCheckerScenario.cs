using KeepalivedSharp.TestKit;
using System.Globalization;

namespace KeepalivedSharp.Daemon.Tests.Daemon.Ipvs;

/// <summary>
/// One checker scenario in the IPVS guest, for any daemon command line: two busybox httpd backends
/// (127.0.0.1:8081, :8082) behind virtual_server 10.0.0.1 80; both up, one killed, restarted, then
/// SIGTERM to the daemon. The guest script waits on each stage by polling <c>ipvsadm -Ln</c> (every
/// 0.1 s, at most 30 s) and captures the table into the results share.
/// </summary>
public sealed class IpvsCheckerScenario
{
    public const string Config = """
        virtual_server 10.0.0.1 80 {
            delay_loop 1
            lb_algo rr
            lb_kind NAT
            protocol TCP
            real_server 127.0.0.1 8081 {
                TCP_CHECK {
                    connect_timeout 1
                    retry 1
                    delay_before_retry 1
                }
            }
            real_server 127.0.0.1 8082 {
                TCP_CHECK {
                    connect_timeout 1
                    retry 1
                    delay_before_retry 1
                }
            }
        }
        """;

    /// <summary>The stages, in order, each with the table it must reach (normalized, <see cref="IpvsTable"/>).</summary>
    public static readonly (string Stage, string Table)[] Reference =
    [
        ("before", ""),
        ("up", "TCP 10.0.0.1:80 rr\n  -> 127.0.0.1:8081 Masq 1 0 0\n  -> 127.0.0.1:8082 Masq 1 0 0"),
        ("removed", "TCP 10.0.0.1:80 rr\n  -> 127.0.0.1:8081 Masq 1 0 0"),
        ("back", "TCP 10.0.0.1:80 rr\n  -> 127.0.0.1:8081 Masq 1 0 0\n  -> 127.0.0.1:8082 Masq 1 0 0"),
        ("stopped", ""),
    ];

    /// <summary>keepalived 2.2.7, the checkers only (-C), its pid files in the script's private $RUN.</summary>
    public const string Keepalived =
        "/usr/sbin/keepalived -n -l -D -C -f \"$CONF\" -p \"$RUN/keepalived.pid\" -c \"$RUN/checkers.pid\" -r \"$RUN/vrrp.pid\"";

    /// <summary>Ours with the IPVS backend: the same flags, our pid file and control socket in $RUN.</summary>
    public static string Ours(string binary) =>
        $"{binary} -n -l -D -C -f \"$CONF\" --lb-backend ipvs -p \"$RUN/keepalived.pid\" --control-socket \"$RUN/control.sock\"";

    /// <summary>
    /// What a scenario runs: the config, sh that defines start_all, kill_one and restart_one (the backends; it may
    /// set up namespaces first), the condition on <c>has</c> that marks every server up (stage "up", and "back"
    /// after restart_one) and the one for "removed", extra <c>ipvsadm -Ln --VIEW</c> snapshots per stage, and the
    /// guest's bound on the whole run (90 s).
    /// </summary>
    public sealed record Spec(string Config, string Backends, string Up, string Removed, string Views = "", TimeSpan? Limit = null);

    /// <summary>Two busybox httpd on 127.0.0.1:8081 and :8082; the second is killed and restarted.</summary>
    public static readonly Spec TwoLocalBackends = new(Config, """
        backend() { busybox httpd -f -p "127.0.0.1:$1" -h "$RUN/www" & eval "httpd_$1=\$!"; }
        start_all() { backend 8081; backend 8082; }
        kill_one() { kill "$httpd_8082"; }
        restart_one() { backend 8082; }
        """, "has 127.0.0.1:8081 && has 127.0.0.1:8082", "has 127.0.0.1:8081 && ! has 127.0.0.1:8082");

    // POSIX sh (the host's dash, in the guest's chroot). $KS_DAEMON is expanded by a second sh, so it
    // may use $CONF and $RUN; that sh execs it, so $daemon is the daemon's own pid for SIGTERM.
    private const string Script = GuestScript.Preamble + """
        CONF=$J/keepalived.conf
        export CONF
        mkdir "$RUN/www" && echo ok >"$RUN/www/index.html"
        now() { echo $(( $(date +%s%N) / 1000000 )); }
        snap() {
            ipvsadm -Ln >"$J/table-$1.txt" 2>&1; ipvsadm -Ln --sort >"$J/sorted-$1.txt" 2>&1
            for v in $KS_VIEWS; do ipvsadm -Ln "--$v" >"$J/$v-$1.txt" 2>&1; done
        }
        failed=0
        # wait_for STAGE CONDITION: CONDITION every 0.1 s for at most 30 s (or until the daemon is gone),
        # then the table into table-STAGE.txt and "STAGE MS" (or the failure) into stages.
        wait_for() {
            stage=$1; shift
            start=$(now); i=0
            until eval "$*"; do
                i=$((i + 1))
                if [ "$stage" != stopped ] && ! alive "$daemon"; then why=daemon-exited; break; fi
                if [ $i -ge 300 ]; then why=timeout; break; fi
                sleep 0.1
            done
            if eval "$*"; then echo "$stage $(( $(now) - start ))" >>"$J/stages"; else echo "$stage $why" >>"$J/stages"; failed=1; fi
            snap "$stage"
        }
        snap before
        echo "before 0" >>"$J/stages"
        start_all
        sh -c "exec $KS_DAEMON" >"$J/daemon.log" 2>&1 &
        daemon=$!
        wait_for up "$KS_UP"
        kill_one
        wait_for removed "$KS_REMOVED"
        restart_one
        wait_for back "$KS_UP"
        kill -TERM "$daemon" 2>/dev/null
        wait_for stopped "! alive \"\$daemon\" && [ -z \"\$(ipvsadm -Ln | grep '^[TUF][CDW][PM]')\" ]"
        alive "$daemon" && kill -KILL "$daemon"
        wait "$daemon"
        echo "daemon-exit $?" >>"$J/stages"
        exit $failed
        """;

    public VmRun Run { get; }

    private IpvsCheckerScenario(VmRun run) => Run = run;

    /// <summary>Runs the scenario with <paramref name="daemon"/> (sh syntax; may use $CONF and $RUN).</summary>
    public static IpvsCheckerScenario Start(IpvsVm vm, string daemon, Spec? spec = null)
    {
        spec ??= TwoLocalBackends;
        return new(vm.Run($"""
            KS_DAEMON={Quote(daemon)}
            KS_UP={Quote(spec.Up)}
            KS_REMOVED={Quote(spec.Removed)}
            KS_VIEWS={Quote(spec.Views)}
            {spec.Backends}
            {Script}
            """, spec.Limit ?? TimeSpan.FromSeconds(90), new Dictionary<string, string> { ["keepalived.conf"] = spec.Config }));
    }

    private static string Quote(string sh) => $"'{sh.Replace("'", "'\\''", StringComparison.Ordinal)}'";

    /// <summary>The <c>ipvsadm -Ln --VIEW</c> snapshot at <paramref name="stage"/>, normalized.</summary>
    public string View(string view, string stage) => IpvsTable.Normalize(Run.File($"{view}-{stage}.txt"));

    /// <summary>The table at <paramref name="stage"/>, normalized.</summary>
    public string Table(string stage) => IpvsTable.Normalize(Run.File($"table-{stage}.txt"));

    /// <summary>Each stage's outcome: the milliseconds it took to reach, or why it did not ("timeout", "daemon-exited").</summary>
    public IReadOnlyDictionary<string, string> Stages => Run.File("stages")
        .Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(l => l.Split(' ', 2))
        .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    /// <summary>Stage name to milliseconds, for stages that were reached.</summary>
    public IReadOnlyDictionary<string, int> Reached => Stages
        .Where(s => s.Key != "daemon-exit" && int.TryParse(s.Value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        .ToDictionary(s => s.Key, s => int.Parse(s.Value, CultureInfo.InvariantCulture), StringComparer.Ordinal);

    /// <summary>What to print when an assertion fails: the stages, the script's output and the daemon's log.</summary>
    public string Diagnostics => $"stages:\n{Run.Files.GetValueOrDefault("stages")}\nscript (exit {Run.ExitCode}):\n{Run.Output}\ndaemon:\n{Run.Files.GetValueOrDefault("daemon.log")}";
}
