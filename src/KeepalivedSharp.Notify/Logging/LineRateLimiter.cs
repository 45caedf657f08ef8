namespace KeepalivedSharp.Notify.Logging;

/// <summary>
/// Lets at most <c>burst</c> lines through per <c>window</c>; counts the rest so the caller can say how many were
/// dropped when the next window opens. Thread-safe.
/// </summary>
internal sealed class LineRateLimiter(int burst, TimeSpan window, TimeProvider time)
{
    private readonly Lock _gate = new();
    private long _windowStart = long.MinValue;
    private int _used;
    private int _suppressed;

    /// <summary>True when the line may be logged; <paramref name="suppressedBefore"/> = lines dropped in the window that just ended.</summary>
    public bool TryTake(out int suppressedBefore)
    {
        lock (_gate)
        {
            suppressedBefore = 0;
            var now = time.GetTimestamp();
            if (_windowStart == long.MinValue || time.GetElapsedTime(_windowStart, now) >= window)
            {
                suppressedBefore = _suppressed;
                _windowStart = now;
                _used = 0;
                _suppressed = 0;
            }
            if (_used < burst)
            {
                _used++;
                return true;
            }
            _suppressed++;
            return false;
        }
    }
}
