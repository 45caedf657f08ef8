using System.Runtime.InteropServices;

namespace KeepalivedSharp.Linux;

/// <summary>Scheduling, memory locking and resource limits (sched(7), setpriority(2), mlockall(2), setrlimit(2)).</summary>
internal static partial class Interop
{
    internal const int PRIO_PROCESS = 0;
    internal const int SCHED_OTHER = 0;
    internal const int SCHED_RR = 2;
    internal const int SCHED_RESET_ON_FORK = 0x40000000;
    internal const int MCL_CURRENT = 1, MCL_FUTURE = 2, MCL_ONFAULT = 4;
    internal const int RLIMIT_RTTIME = 15;
    internal const int SIGXCPU = 24;

    [StructLayout(LayoutKind.Sequential)]
    internal struct rlimit
    {
        public ulong rlim_cur;
        public ulong rlim_max;
    }

    [LibraryImport(Libc, EntryPoint = "gettid")]
    internal static partial int GetTid();

    [LibraryImport(Libc, EntryPoint = "setpriority", SetLastError = true)]
    internal static partial int SetPriority(int which, uint who, int prio);

    [LibraryImport(Libc, EntryPoint = "getpriority", SetLastError = true)]
    internal static partial int GetPriority(int which, uint who);

    [LibraryImport(Libc, EntryPoint = "sched_setscheduler", SetLastError = true)]
    internal static unsafe partial int SchedSetScheduler(int pid, int policy, int* param);

    [LibraryImport(Libc, EntryPoint = "sched_setaffinity", SetLastError = true)]
    internal static unsafe partial int SchedSetAffinity(int pid, nuint cpusetsize, ulong* mask);

    [LibraryImport(Libc, EntryPoint = "mlockall", SetLastError = true)]
    internal static partial int MLockAll(int flags);

    [LibraryImport(Libc, EntryPoint = "munlockall", SetLastError = true)]
    internal static partial int MUnlockAll();

    [LibraryImport(Libc, EntryPoint = "getrlimit", SetLastError = true)]
    internal static partial int GetRLimit(int resource, out rlimit rlim);

    [LibraryImport(Libc, EntryPoint = "setrlimit", SetLastError = true)]
    internal static partial int SetRLimit(int resource, in rlimit rlim);

    [LibraryImport(Libc, EntryPoint = "umask")]
    internal static partial uint Umask(uint mask);
}
