using KeepalivedSharp.Core.Timing;

namespace KeepalivedSharp.Core.Tracking;

/// <summary>
/// One tracked process's pending quorum change: keepalived's fork_timer_thread and
/// terminate_timer_thread (track_process.c). The host reports what it sees; this holds a change
/// back for its delay, and a report back to the counted quorum cancels it.
/// </summary>
internal sealed class ProcessDelay(ProcessSettings settings) : Timed
{
    private TimeSpan? _applyAt;

    public ProcessSettings Settings { get; } = settings;
    public string Name => Settings.Name;

    /// <summary>The quorum waiting for its delay.</summary>
    public bool PendingQuorum { get; private set; }

    public override TimeSpan? Deadline => _applyAt;

    public bool Due(TimeSpan now) => _applyAt is { } t && t <= now;

    public bool IsPending(bool quorum) => _applyAt is not null && PendingQuorum == quorum;

    public void Hold(bool quorum, TimeSpan until)
    {
        PendingQuorum = quorum;
        _applyAt = until;
        Touch();
    }

    public void Cancel()
    {
        _applyAt = null;
        Touch();
    }

    public TimeSpan DelayFor(bool quorum) => quorum ? Settings.ForkDelay : Settings.TerminateDelay;
}
