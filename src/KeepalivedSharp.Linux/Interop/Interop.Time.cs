using System.Runtime.InteropServices;

namespace KeepalivedSharp.Linux;

/// <summary>clock_nanosleep on CLOCK_MONOTONIC: sub-millisecond sleeps the managed API does not offer.</summary>
internal static partial class Interop
{
    internal const int CLOCK_MONOTONIC = 1;

    /// <summary>struct timespec (named as in C: the layout test checks it against the headers).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct timespec
    {
        public long tv_sec;
        public long tv_nsec;
    }

    /// <summary>Returns 0, or the error number (it does not set errno); EINTR leaves the rest in <paramref name="remain"/>.</summary>
    [LibraryImport(Libc, EntryPoint = "clock_nanosleep")]
    internal static partial int ClockNanosleep(int clock, int flags, in timespec request, out timespec remain);
}
