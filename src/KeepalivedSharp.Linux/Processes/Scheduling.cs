using System.Runtime.InteropServices;

namespace KeepalivedSharp.Linux.Processes;

/// <summary>
/// The calls behind keepalived's lib/process.c: per thread (Linux schedules threads; a tid is a valid pid for
/// setpriority, sched_setscheduler and sched_setaffinity), or per process (mlockall, RLIMIT_RTTIME, umask).
/// Each returns 0 or the errno.
/// </summary>
public static class Scheduling
{
    public const int SigXcpu = Interop.SIGXCPU;

    /// <summary>The calling thread's kernel id.</summary>
    public static int CurrentThreadId() => Interop.GetTid();

    /// <summary>setpriority(PRIO_PROCESS, tid, nice).</summary>
    public static int SetNice(int tid, int nice)
        => Interop.SetPriority(Interop.PRIO_PROCESS, (uint)tid, nice) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>SCHED_RR at <paramref name="priority"/>, reset to SCHED_OTHER in children (scripts), as keepalived.</summary>
    public static unsafe int SetRoundRobin(int tid, int priority)
    {
        int param = priority;
        return Interop.SchedSetScheduler(tid, Interop.SCHED_RR | Interop.SCHED_RESET_ON_FORK, &param) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    /// <summary>Back to SCHED_OTHER.</summary>
    public static unsafe int SetNormal(int tid)
    {
        int param = 0;
        return Interop.SchedSetScheduler(tid, Interop.SCHED_OTHER, &param) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    /// <summary>sched_setaffinity(tid) to exactly <paramref name="cpus"/> (ids below 1,024).</summary>
    public static unsafe int SetAffinity(int tid, ReadOnlySpan<int> cpus)
    {
        Span<ulong> mask = stackalloc ulong[16];
        mask.Clear();
        foreach (var cpu in cpus)
        {
            if ((uint)cpu >= 1024) return 22; // EINVAL
            mask[cpu / 64] |= 1UL << (cpu % 64);
        }
        fixed (ulong* m = mask)
            return Interop.SchedSetAffinity(tid, (nuint)(mask.Length * sizeof(ulong)), m) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    /// <summary>mlockall(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT): pages are locked as they are touched (Linux 4.4+).</summary>
    public static int LockMemory()
        => Interop.MLockAll(Interop.MCL_CURRENT | Interop.MCL_FUTURE | Interop.MCL_ONFAULT) == 0 ? 0 : Marshal.GetLastPInvokeError();

    public static int UnlockMemory() => Interop.MUnlockAll() == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>RLIMIT_RTTIME in µs; <paramref name="previous"/> is what it was.</summary>
    public static int SetRealtimeLimit(ulong soft, ulong hard, out (ulong Soft, ulong Hard) previous)
    {
        previous = Interop.GetRLimit(Interop.RLIMIT_RTTIME, out var old) == 0 ? (old.rlim_cur, old.rlim_max) : (ulong.MaxValue, ulong.MaxValue);
        var limit = new Interop.rlimit { rlim_cur = soft, rlim_max = hard };
        return Interop.SetRLimit(Interop.RLIMIT_RTTIME, in limit) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    /// <summary>umask(2); returns the previous mask.</summary>
    public static int SetUmask(int mask) => (int)Interop.Umask((uint)mask);
}
