namespace KeepalivedSharp.Host;

/// <summary>
/// Lets at most <c>burst</c> messages per key through in each window and counts the rest, so a
/// flood of bad packets cannot flood the log. Thread-safe.
/// </summary>
public sealed class LogRateLimiter(TimeProvider time, int burst = 10, TimeSpan? window = null)
{
    private readonly TimeSpan _window = window ?? TimeSpan.FromSeconds(10);
    private readonly Dictionary<string, (long Start, int Count, long Suppressed)> _keys = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>
    /// True when a message for <paramref name="key"/> may be logged now. <paramref name="suppressed"/>
    /// reports how many were held back in the previous window (log it once, then it resets).
    /// </summary>
    public bool TryAcquire(string key, out long suppressed)
    {
        long now = time.GetTimestamp();
        lock (_lock)
        {
            suppressed = 0;
            if (!_keys.TryGetValue(key, out var s) || time.GetElapsedTime(s.Start, now) >= _window)
            {
                suppressed = s.Suppressed;
                if (_keys.Count > 4096) _keys.Clear(); // keys are bounded: a random-VRID flood cannot grow this
                _keys[key] = (now, 1, 0);
                return true;
            }
            if (s.Count < burst)
            {
                _keys[key] = (s.Start, s.Count + 1, s.Suppressed);
                return true;
            }
            _keys[key] = (s.Start, s.Count, s.Suppressed + 1);
            return false;
        }
    }
}
