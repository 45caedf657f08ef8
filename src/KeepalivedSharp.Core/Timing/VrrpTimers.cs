namespace KeepalivedSharp.Core.Timing;

/// <summary>
/// The protocol's timer formulas, in whole microseconds with keepalived's integer rounding so
/// that simulated times match keepalived's to the microsecond.
/// </summary>
public static class VrrpTimers
{
    private const long MicrosPerSecond = 1_000_000;

    /// <summary>
    /// Skew_Time for a priority.
    /// v2 (RFC 3768 §6.1): (256 - Priority) / 256 s.
    /// v3 (RFC 5798 §6.1): ((256 - Priority) * Master_Adver_Interval) / 256.
    /// </summary>
    public static TimeSpan SkewTime(int version, int priority, TimeSpan masterAdverInterval)
        => SkewFor(version, 256 - priority, masterAdverInterval);

    /// <summary>keepalived's minimum skew (one priority step), used when `state MASTER` starts as BACKUP.</summary>
    public static TimeSpan MinimumSkew(int version, TimeSpan masterAdverInterval)
        => SkewFor(version, 1, masterAdverInterval);

    /// <summary>Master_Down_Interval = adverts * Master_Adver_Interval + Skew_Time (RFC 5798 §6.1; adverts is 3).</summary>
    public static TimeSpan MasterDownInterval(int version, int priority, TimeSpan masterAdverInterval, int adverts = 3)
        => masterAdverInterval * adverts + SkewTime(version, priority, masterAdverInterval);

    private static TimeSpan SkewFor(int version, int steps, TimeSpan masterAdverInterval)
    {
        long micros = version == 3
            // keepalived: steps * centiseconds * 625 / 16 µs, i.e. steps * interval / 256.
            ? steps * (masterAdverInterval.Ticks / TimeSpan.TicksPerMillisecond / 10) * 625 / 16
            : steps * MicrosPerSecond / 256;
        return TimeSpan.FromMicroseconds(micros);
    }

    /// <summary>
    /// keepalived rounds `advert_int` to whole seconds for v2 (minimum 1) and to centiseconds for
    /// v3 (1..4095 cs).
    /// </summary>
    public static TimeSpan NormalizeAdvertInterval(int version, TimeSpan configured)
    {
        if (version == 3)
        {
            long cs = Math.Clamp((long)Math.Round(configured.TotalMilliseconds / 10.0, MidpointRounding.AwayFromZero), 1, 4095);
            return TimeSpan.FromMilliseconds(cs * 10);
        }
        long s = Math.Clamp((long)Math.Round(configured.TotalSeconds, MidpointRounding.AwayFromZero), 1, 255);
        return TimeSpan.FromSeconds(s);
    }

    /// <summary>The advert's interval field: whole seconds for v2, centiseconds for v3.</summary>
    public static int ToWireInterval(int version, TimeSpan interval)
        => version == 3 ? (int)(interval.Ticks / (TimeSpan.TicksPerMillisecond * 10)) : (int)(interval.Ticks / TimeSpan.TicksPerSecond);

    public static TimeSpan FromWireInterval(int version, int field)
        => version == 3 ? TimeSpan.FromMilliseconds(field * 10L) : TimeSpan.FromSeconds(field);
}
