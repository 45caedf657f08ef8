using System.Collections.Immutable;

namespace KeepalivedSharp.Config;

/// <summary>
/// How one of keepalived's processes is scheduled (<c>vrrp_*</c> or <c>checker_*</c> in global_defs;
/// lib/process.c's set_process_priorities). Ours is one process: each applies to that side's loop thread,
/// except <see cref="NoSwap"/> and the real-time limit, which the kernel keeps per process.
/// </summary>
public sealed record SchedulingSettings
{
    /// <summary>keepalived's RT_RLIMIT_DEFAULT: 10,000 µs of real-time CPU without a blocking call (lib/process.h).</summary>
    public const uint DefaultRlimitRttime = 10_000;

    /// <summary><c>*_priority</c>: the nice value, -20..19; null = left alone.</summary>
    public int? Priority { get; init; }
    /// <summary><c>*_rt_priority</c>: SCHED_RR priority 1..99; null = not real-time.</summary>
    public int? RealtimePriority { get; init; }
    /// <summary><c>*_cpu_affinity</c>: CPU ids; empty = left alone.</summary>
    public ImmutableArray<int> CpuAffinity { get; init; } = [];
    /// <summary><c>*_no_swap</c>: lock the process in memory (mlockall).</summary>
    public bool NoSwap { get; init; }
    /// <summary><c>*_rlimit_rttime</c> in µs: RLIMIT_RTTIME's hard limit while real-time (the soft limit is half).</summary>
    public uint RlimitRttime { get; init; } = DefaultRlimitRttime;
}
