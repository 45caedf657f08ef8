namespace KeepalivedSharp.Core.Tracking;

/// <summary>
/// One vrrp_script as the engine schedules and counts it: rise/fall, the run interval and the
/// timeout (keepalived: the script's own when above 0, else its interval). The host only runs it.
/// </summary>
public sealed record ScriptSettings(string Name, int Rise = 1, int Fall = 1, bool InitFail = false)
{
    /// <summary>Time between run starts (keepalived's default interval is 1 s).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A run still going after this is killed and counts as a failure; null: the interval.</summary>
    public TimeSpan? Timeout { get; init; }

    public TimeSpan EffectiveTimeout => Timeout is { } t && t > TimeSpan.Zero ? t : Interval;
}
