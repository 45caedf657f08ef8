using System.Globalization;
using System.Runtime.InteropServices;
using KeepalivedSharp.Config;
using KeepalivedSharp.Host.Daemon;
using KeepalivedSharp.Linux.Processes;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Host.Loop;

/// <summary>
/// keepalived's set_process_priorities and increment_process_priority (lib/process.c) for one loop thread: the
/// VRRP side's <c>vrrp_*</c> settings or the checkers' <c>checker_*</c>. keepalived runs each side as its own
/// process; ours is one process, so these apply to that side's loop thread (Linux schedules threads), and the
/// process-wide parts (no_swap, the real-time limit) go to <see cref="ProcessLimits"/>.
/// </summary>
public sealed class LoopScheduling(SchedulingSettings settings, string process, int maxAutoPriority, TimeSpan minAutoPriorityDelay,
    ProcessLimits limits, ILogger log) : ILoopThreadPolicy
{
    private int _tid;
    private int _realtime;
    private bool _niced;

    /// <summary>The SCHED_RR priority the thread runs at now; 0 = not real-time.</summary>
    public int RealtimePriority => Volatile.Read(ref _realtime);

    public void Started()
    {
        _tid = Scheduling.CurrentThreadId();
        Apply(settings);
    }

    /// <summary>After a reload: the new settings (keepalived resets to normal scheduling, then sets them again).</summary>
    public void Reapply(SchedulingSettings next)
    {
        if (_tid == 0) return;
        if (_realtime != 0 && next.RealtimePriority is null)
        {
            if (Scheduling.SetNormal(_tid) is var e and not 0) SchedulingLog.ResetFailed(log, Marshal.GetPInvokeErrorMessage(e));
            else Volatile.Write(ref _realtime, 0);
        }
        if (_niced && next.Priority is null && next.RealtimePriority is null) Scheduling.SetNice(_tid, 0);
        settings = next;
        Apply(next);
    }

    private void Apply(SchedulingSettings s)
    {
        if (s.RealtimePriority is { } rt) RaiseTo(rt, s.RlimitRttime);
        else if (s.Priority is { } nice)
        {
            if (Scheduling.SetNice(_tid, nice) is var e and not 0) SchedulingLog.NiceFailed(log, nice, Marshal.GetPInvokeErrorMessage(e));
            else _niced = true;
        }
        if (s.NoSwap) limits.LockMemory();
        if (!s.CpuAffinity.IsEmpty && Scheduling.SetAffinity(_tid, s.CpuAffinity.AsSpan()) is var a and not 0)
            SchedulingLog.AffinityFailed(log, process, Marshal.GetPInvokeErrorMessage(a));
    }

    private bool RaiseTo(int priority, uint rlimit)
    {
        if (Scheduling.SetRoundRobin(_tid, priority) is var e and not 0)
        {
            SchedulingLog.RealtimeFailed(log, Marshal.GetPInvokeErrorMessage(e));
            return false;
        }
        Volatile.Write(ref _realtime, priority);
        limits.LimitRealtime(rlimit, process);
        return true;
    }

    /// <summary>
    /// lib/scheduler.c: a timer that ran more than min_auto_priority_delay late is logged, and with max_auto_priority
    /// the thread goes real-time (SCHED_RR at the minimum) or one priority higher, up to that maximum.
    /// </summary>
    public void TimerRan(TimeSpan lateness)
    {
        if (maxAutoPriority <= 0 || lateness <= minAutoPriorityDelay) return;
        SchedulingLog.TimerLate(log, lateness.TotalSeconds.ToString("0.000000", CultureInfo.InvariantCulture));
        if (_realtime >= maxAutoPriority) return;
        int next = _realtime == 0 ? 1 : _realtime + 1;
        if (RaiseTo(next, settings.RlimitRttime)) SchedulingLog.AutoPriority(log, next);
    }
}
