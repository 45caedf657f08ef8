namespace KeepalivedSharp.Host.Loop;

/// <summary>What an <see cref="EventLoop{TInput}"/> drives: an engine's host adapter. All calls come on the loop thread.</summary>
public interface ILoopHandler<in TInput>
{
    void Start(TimeSpan now);

    void Handle(TInput input, TimeSpan now);

    /// <summary>Called when <see cref="NextDeadline"/> has passed.</summary>
    void Tick(TimeSpan now);

    /// <summary>The earliest time the handler has timed work; null when none.</summary>
    TimeSpan? NextDeadline { get; }

    /// <summary>Graceful stop.</summary>
    void Stop(TimeSpan now);

    /// <summary>
    /// After an unexpected exception: a best-effort release (VRRP: priority 0 and VIPs removed)
    /// before the process exits. Must not assume the handler's state is consistent.
    /// </summary>
    void Abort(TimeSpan now);
}
