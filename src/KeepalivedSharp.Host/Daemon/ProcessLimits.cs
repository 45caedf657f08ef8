using System.Runtime.InteropServices;
using KeepalivedSharp.Linux.Processes;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Host.Daemon;

/// <summary>
/// The process-wide halves of keepalived's scheduling settings (lib/process.c): the umask, mlockall for
/// <c>*_no_swap</c>, and RLIMIT_RTTIME with a SIGXCPU handler once a thread runs real-time. Released at
/// <see cref="Dispose"/> as reset_process_priorities does.
/// </summary>
public sealed class ProcessLimits(ILogger log) : IDisposable
{
    private readonly Lock _gate = new();
    private bool _locked;
    private (ulong Soft, ulong Hard)? _savedRtLimit;
    private PosixSignalRegistration? _sigxcpu;
    private string _rtProcess = "";

    /// <summary>umask(2) as configured; null leaves the service manager's.</summary>
    public static void ApplyUmask(int? umask)
    {
        if (umask is { } mask) Scheduling.SetUmask(mask);
    }

    /// <summary>mlockall once (MCL_ONFAULT: pages lock as they are touched, so the GC's reservations cost nothing).</summary>
    public void LockMemory()
    {
        lock (_gate)
        {
            if (_locked) return;
            if (Scheduling.LockMemory() is var e and not 0) SchedulingLog.LockFailed(log, Marshal.GetPInvokeErrorMessage(e));
            else _locked = true;
        }
    }

    /// <summary>
    /// RLIMIT_RTTIME: hard <paramref name="limitMicroseconds"/>, soft half of it "to get warnings if approaching the limit";
    /// SIGXCPU at the soft limit is logged instead of killing us. The first real-time thread's setting holds: the kernel
    /// keeps one limit per process.
    /// </summary>
    public void LimitRealtime(uint limitMicroseconds, string process)
    {
        lock (_gate)
        {
            if (_savedRtLimit is not null) return;
            _rtProcess = process;
            _sigxcpu ??= PosixSignalRegistration.Create((PosixSignal)Scheduling.SigXcpu, context =>
            {
                context.Cancel = true;
                SchedulingLog.RealtimeLimitReached(log, _rtProcess == "vrrp" ? "VRRP" : "Checker", _rtProcess);
            });
            if (Scheduling.SetRealtimeLimit(limitMicroseconds / 2, limitMicroseconds, out var previous) is var e and not 0)
                SchedulingLog.RlimitFailed(log, Marshal.GetPInvokeErrorMessage(e));
            else _savedRtLimit = previous;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_savedRtLimit is { } saved) Scheduling.SetRealtimeLimit(saved.Soft, saved.Hard, out _);
            _savedRtLimit = null;
            if (_locked) Scheduling.UnlockMemory();
            _locked = false;
            _sigxcpu?.Dispose();
            _sigxcpu = null;
        }
    }
}
