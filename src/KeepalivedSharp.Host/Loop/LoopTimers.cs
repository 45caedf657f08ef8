namespace KeepalivedSharp.Host.Loop;

/// <summary>
/// One-shot timers on a loop thread (a probe's connect_timeout, its drain window): one heap for all of
/// them, so a probe costs no runtime timer and no thread-pool callback. Loop thread only; a cancelled
/// timer stays in the heap until its time and is skipped.
/// </summary>
public sealed class LoopTimers
{
    private readonly PriorityQueue<LoopTimer, TimeSpan> _heap = new();

    public LoopTimer Add(TimeSpan due, Action fire)
    {
        var t = new LoopTimer(fire);
        _heap.Enqueue(t, due);
        return t;
    }

    /// <summary>The earliest live timer's time, if any.</summary>
    public TimeSpan? Next
    {
        get
        {
            while (_heap.TryPeek(out var t, out var due))
            {
                if (!t.Cancelled) return due;
                _heap.Dequeue();
            }
            return null;
        }
    }

    /// <summary>Fires every live timer due by <paramref name="now"/>.</summary>
    public void RunDue(TimeSpan now)
    {
        while (_heap.TryPeek(out var t, out var due) && due <= now)
        {
            _heap.Dequeue();
            if (t.Cancelled) continue;
            t.Fire();
        }
    }
}

/// <summary>
/// A timer of <see cref="LoopTimers"/>; <see cref="Cancel"/> on the loop thread. Cancelling drops the callback,
/// so a finished probe (its socket, its state) is not kept alive until the timer's time (bench/check's RSS).
/// </summary>
public sealed class LoopTimer(Action fire)
{
    private Action? _fire = fire;

    public bool Cancelled => _fire is null;

    public void Cancel() => _fire = null;

    /// <summary>Runs the callback once: it is dropped first.</summary>
    internal void Fire()
    {
        var fire = _fire;
        _fire = null;
        fire?.Invoke();
    }
}
