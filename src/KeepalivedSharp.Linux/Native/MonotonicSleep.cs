namespace KeepalivedSharp.Linux.Native;

/// <summary>
/// Sleeps on the monotonic clock with nanosecond resolution. The managed waits round to whole
/// milliseconds, which would make every VRRP timer fire up to a millisecond late.
/// </summary>
public static class MonotonicSleep
{
    public static void For(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero) return;
        long ns = duration.Ticks * 100;
        var request = new Interop.timespec { tv_sec = ns / 1_000_000_000, tv_nsec = ns % 1_000_000_000 };
        while (Interop.ClockNanosleep(Interop.CLOCK_MONOTONIC, 0, request, out var remain) == Errno.EINTR)
            request = remain;
    }
}
