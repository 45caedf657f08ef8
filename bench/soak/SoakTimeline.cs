namespace KeepalivedSharp.Soak;

public enum NodeKind
{
    Ours,
    Keepalived,
}

/// <summary>
/// The soak's timing bounds, in seconds. <see cref="MasterDown"/> is the largest
/// Master_Down_Interval in use (RFC 3768 6.1: 3 × Advertisement_Interval + Skew_time, largest for
/// the lowest priority); the failover bound adds one advert interval and the observer's resolution.
/// </summary>
public sealed record SoakBounds(double AdvertInterval, double MasterDown, double PollInterval)
{
    public static SoakBounds For(double advertInterval, int lowestPriority, double pollInterval = 0.2)
        => new(advertInterval, 3 * advertInterval + (256 - lowestPriority) / 256.0 * advertInterval, pollInterval);

    /// <summary>Slack for the observer: a poll period plus a process start, so one sample late is no violation.</summary>
    public double Tolerance => PollInterval + 0.3;

    /// <summary>No VIP may be missing for longer than this: a new master takes over within Master_Down_Interval.</summary>
    public double Failover => MasterDown + AdvertInterval + Tolerance;

    /// <summary>After a heal, time for preemption and the VIP moves before the one-master check.</summary>
    public double Settle => MasterDown + 2;

    /// <summary>The heal check looks at this many seconds of adverts.</summary>
    public double CheckWindow => 3 * AdvertInterval;

    /// <summary>Time before the first fault: the initial election plus settling.</summary>
    public double Startup => MasterDown + 5;

    /// <summary>Quiet time after each heal: settle, the check window and a margin.</summary>
    public double Quiet => Settle + CheckWindow + 1;

    /// <summary>A silent MASTER: no advert of its own for this long while it claims MASTER.</summary>
    public double Silence => 3 * AdvertInterval + Tolerance;
}

/// <summary>One VRRP instance of the lab: its VRID and VIP.</summary>
public sealed record SoakInstance(string Name, int Vrid, string Vip);

/// <summary>One ip-addr poll of a node: the VIPs on its interfaces at time T.</summary>
public sealed record HolderSample(double T, int Node, IReadOnlySet<string> Vips);

/// <summary>One VRRP advert seen on the bridge.</summary>
public sealed record AdvertSeen(double T, int Node, int Vrid, int Priority);

/// <summary>A daemon's "(VI_1) Entering MASTER STATE" line and when it was read.</summary>
public sealed record StateSeen(double T, int Node, string Instance, string State);

/// <summary>A time window [Start, End] attached to a node (or -1 for the whole lab).</summary>
public sealed record Window(double Start, double End, int Node, string What);

/// <summary>What the soak saw: the input of <see cref="InvariantAnalysis"/>.</summary>
public sealed class SoakTimeline
{
    public required IReadOnlyList<SoakInstance> Instances { get; init; }
    public required int NodeCount { get; init; }
    public required double End { get; init; }
    public List<HolderSample> Holders { get; } = [];
    public List<AdvertSeen> Adverts { get; } = [];
    public List<StateSeen> States { get; } = [];

    /// <summary>Faults as applied: What is the fault kind; Start is when it began, End its heal.</summary>
    public List<Window> Faults { get; } = [];

    /// <summary>A node's daemon not running (killed until restarted).</summary>
    public List<Window> Down { get; } = [];

    /// <summary>A node's daemon stopped (SIGSTOP until SIGCONT).</summary>
    public List<Window> Frozen { get; } = [];

    /// <summary>Times the ip-addr observer fell behind (a poll gap over a second): nothing is judged there.</summary>
    public List<Window> Stalls { get; } = [];

    /// <summary>A daemon exit the soak did not cause, a failed command: harness or daemon trouble.</summary>
    public List<Window> Incidents { get; } = [];
}
