namespace KeepalivedSharp.Notify.Logging;

/// <summary>
/// Lets at most <c>burst</c> messages per key through in each window and counts the rest, so a flood
/// (bad packets, script output, refused connections) cannot flood the log. The window opens at the
/// first message after the previous one closed. Thread-safe. The one limiter of the daemon, its
/// operations servers and its scripts.
/// </summary>
public sealed class LogRateLimiter(TimeProvider time, int burst = 10, TimeSpan? window = null)
{
    /// <summary>Keys kept at most: a flood of distinct keys (random VRIDs, sources) cannot grow the table.</summary>
    public const int MaxKeys = 4096;

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
                if (_keys.Count >= MaxKeys && !_keys.ContainsKey(key)) _keys.Clear();
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

    /// <summary>As <see cref="TryAcquire(string, out long)"/> for a limiter with a single stream of messages.</summary>
    public bool TryAcquire(out long suppressed) => TryAcquire("", out suppressed);
}
