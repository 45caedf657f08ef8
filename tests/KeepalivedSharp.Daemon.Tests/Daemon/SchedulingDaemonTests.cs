using System.Globalization;
using KeepalivedSharp.Lab;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Daemon.Tests.Daemon;

/// <summary>
/// global_defs' process keywords on the running daemon, read back from /proc: keepalived sets them per process
/// (lib/process.c); ours sets them on each side's loop thread, and no_swap and umask on the process.
/// </summary>
[Trait("Category", "Root")]
[Collection(nameof(NamespaceTests))]
public class SchedulingDaemonTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private const string Checker = """
        virtual_server 10.0.0.100 80 {
            delay_loop 1
            lvs_sched rr
            protocol TCP
            real_server 10.0.0.2 8080 {
                TCP_CHECK {
                    connect_timeout 1
                }
            }
        }
        """;

    [Fact]
    public void ConfiguredPriorities_AppliedToEachLoopThread_AndReleasedAtStop()
    {
        int lastCpu = Environment.ProcessorCount - 1;
        var global = $"global_defs {{\n    vrrp_rt_priority 10\n    vrrp_cpu_affinity 0\n    vrrp_no_swap\n    umask 0027\n    checker_priority 5\n    checker_cpu_affinity {lastCpu}\n}}\n";
        using var lab = new InteropLab();
        using var ours = lab.OursMaster(global + InteropVariant.V2.Config(1, 2, 150) + Checker, "--lb-backend", "none");
        ours.Process.WaitForLine(@"Activating healthchecker for service", Bound);
        int pid = ours.Process.Pid;

        var vrrp = Thread(pid, "vrrp-loop");
        Assert.Equal((SchedRr, 10), (vrrp.Policy, vrrp.RtPriority));
        Assert.Equal("0", TaskStatus(pid, vrrp.Tid, "Cpus_allowed_list"));

        var check = Thread(pid, "check-loop");
        Assert.Equal((SchedOther, 5), (check.Policy, check.Nice));
        Assert.Equal(lastCpu.ToString(CultureInfo.InvariantCulture), TaskStatus(pid, check.Tid, "Cpus_allowed_list"));

        Assert.Equal("0027", ProcStatus(pid, "Umask"));
        Assert.True(Kilobytes(ProcStatus(pid, "VmLck")) > 0, "vrrp_no_swap: nothing locked");
        // RLIMIT_RTTIME as keepalived sets it: soft half the 10,000 µs default, hard the default.
        Assert.Matches(@"Max realtime timeout\s+5000\s+10000\s+us", File.ReadAllText($"/proc/{pid}/limits"));

        ours.Process.Signal("TERM");
        Assert.True(ours.Process.WaitForExit(Bound), ours.Process.Output);
    }

    [Fact]
    public void TimerRunningLate_RaisesToRealtime_WithMaxAutoPriority()
    {
        var global = "global_defs {\n    max_auto_priority 5\n    min_auto_priority_delay 200000\n}\n";
        using var lab = new InteropLab();
        using var ours = lab.OursMaster(global + InteropVariant.V2.Config(1, 2, 150));
        int pid = ours.Process.Pid;
        Assert.Equal(SchedOther, Thread(pid, "vrrp-loop").Policy);

        // Stopped past its next advert (advert_int 1): that timer then runs ~0.5 s or more late.
        int mark = ours.Process.LineCount;
        ours.Process.Signal("STOP");
        Assert.False(ours.Process.WaitForExit(TimeSpan.FromSeconds(1.5)));
        ours.Process.Signal("CONT");
        ours.Process.WaitForLine(@"A thread timer expired [0-9]\.[0-9]{6} seconds ago", Bound, mark);
        ours.Process.WaitForLine(@"Set realtime priority 1\b", Bound, mark);
        var vrrp = Thread(pid, "vrrp-loop");
        Assert.Equal((SchedRr, 1), (vrrp.Policy, vrrp.RtPriority));

        ours.Process.Signal("TERM");
        Assert.True(ours.Process.WaitForExit(Bound), ours.Process.Output);
    }

    private const int SchedOther = 0, SchedRr = 2;

    private readonly record struct TaskSched(int Tid, int Nice, int RtPriority, int Policy);

    /// <summary>/proc/PID/task/TID/stat of the thread named <paramref name="comm"/>: nice (field 19), rt_priority (40), policy (41).</summary>
    private static TaskSched Thread(int pid, string comm)
    {
        foreach (var dir in Directory.GetDirectories($"/proc/{pid}/task"))
        {
            if (File.ReadAllText(Path.Combine(dir, "comm")).Trim() != comm) continue;
            var stat = File.ReadAllText(Path.Combine(dir, "stat"));
            var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // f[0] is field 3
            int Field(int n) => int.Parse(f[n - 3], CultureInfo.InvariantCulture);
            return new TaskSched(int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture), Field(19), Field(40), Field(41));
        }
        throw new InvalidOperationException($"no thread {comm} in {pid}");
    }

    private static string TaskStatus(int pid, int tid, string key) => StatusField(File.ReadAllLines($"/proc/{pid}/task/{tid}/status"), key);

    private static string ProcStatus(int pid, string key) => StatusField(File.ReadAllLines($"/proc/{pid}/status"), key);

    private static string StatusField(string[] lines, string key)
        => lines.Single(l => l.StartsWith(key + ":", StringComparison.Ordinal))[(key.Length + 1)..].Trim();

    private static int Kilobytes(string value) => int.Parse(value.Split(' ')[0], CultureInfo.InvariantCulture);
}
