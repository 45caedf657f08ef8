using KeepalivedSharp.Core.Timing;

namespace KeepalivedSharp.Core.Tracking;

/// <summary>
/// keepalived's vrrp_script_thread for one script (vrrp_scheduler.c): a run starts every interval
/// from the previous start; a run due while the last one is still going (or being killed) is
/// skipped; a run still going at its timeout is killed and counts as a failure. Runs carry a
/// number so that a result from a run the engine has given up on (reload, stop) is ignored.
/// </summary>
internal sealed class ScriptSchedule(ScriptSettings settings) : Timed
{
    private TimeSpan? _nextRun, _timeoutAt;

    public ScriptSettings Settings { get; } = settings;
    public string Name => Settings.Name;

    /// <summary>The number of the run in progress (0: none).</summary>
    public long Run { get; private set; }

    /// <summary>The run in progress has timed out and is being killed; its result is already counted.</summary>
    public bool TimingOut { get; private set; }

    public TimeSpan? NextRun { get => _nextRun; set { _nextRun = value; Touch(); } }

    public override TimeSpan? Deadline
        => _nextRun is null ? _timeoutAt : _timeoutAt is null ? _nextRun : (_nextRun < _timeoutAt ? _nextRun : _timeoutAt);

    public bool TimeoutDue(TimeSpan now) => _timeoutAt is { } t && t <= now;

    public bool RunDue(TimeSpan now) => _nextRun is { } t && t <= now;

    public void Started(long run, TimeSpan now)
    {
        Run = run;
        TimingOut = false;
        _timeoutAt = now + Settings.EffectiveTimeout;
        NextRun = now + Settings.Interval;
    }

    public void TimedOut()
    {
        TimingOut = true;
        _timeoutAt = null;
        Touch();
    }

    /// <summary>The run ended (reaped); returns whether its outcome still counts.</summary>
    public bool Finished()
    {
        bool counts = !TimingOut;
        Run = 0;
        TimingOut = false;
        _timeoutAt = null;
        Touch();
        return counts;
    }

    /// <summary>Forgets the run in progress and the schedule (stop).</summary>
    public void Clear()
    {
        Run = 0;
        TimingOut = false;
        _timeoutAt = null;
        NextRun = null;
    }
}
