using System.Collections.Immutable;

namespace KeepalivedSharp.Core.Check;

/// <summary>A real server's state: keepalived's alive flag over an AND of its checkers, and its weight.</summary>
internal sealed class RealServerRuntime(RealServerSettings settings, VirtualServerRuntime owner)
{
    private bool _alive;
    private long _weight = settings.Weight;

    public RealServerSettings Settings { get; } = settings;
    public List<CheckerRuntime> Checkers { get; } = [];

    /// <summary>In the pool: every checker up (update_svr_checker_state). A server with no checkers is always up.</summary>
    public bool Alive
    {
        get => _alive;
        set
        {
            long before = Counted;
            _alive = value;
            owner.Counted(Counted - before);
        }
    }

    public long Weight
    {
        get => _weight;
        set
        {
            long before = Counted;
            _weight = value;
            owner.Counted(Counted - before);
        }
    }

    /// <summary>What this server adds to its virtual server's alive weight.</summary>
    private long Counted => _alive ? TableWeight : 0;

    public bool AllUp()
    {
        foreach (var c in Checkers)
            if (!c.IsUp) return false;
        return true;
    }

    /// <summary>Configured weight plus every checker's contribution (misc_dynamic, FILE_CHECK).</summary>
    public long EffectiveWeight()
    {
        long w = Settings.Weight;
        foreach (var c in Checkers) w += c.Contribution;
        return w;
    }

    /// <summary>The weight the load balancer gets (<see cref="Destination.RealWeight"/>).</summary>
    public int TableWeight => Destination.RealWeight(Weight);
}

/// <summary>A virtual server's state: quorum with hysteresis, the sorry server, ha_suspend.</summary>
internal sealed class VirtualServerRuntime(VirtualServerSettings settings)
{
    private long _aliveWeight;
    private bool? _incremental;

    public VirtualServerSettings Settings { get; } = settings;
    public List<RealServerRuntime> RealServers { get; } = [];
    public bool QuorumUp { get; set; }
    public bool Suspended { get; set; } = settings.HaSuspend;

    /// <summary>The entry its services got in the engine's table last (null before the first).</summary>
    public ServiceEntry? Entry { get; set; }

    /// <summary>The sum of live servers' table weights, kept as each server's state changes: a verdict costs no pass over the pool.</summary>
    public long AliveWeight() => _aliveWeight;

    internal void Counted(long delta) => _aliveWeight += delta;

    /// <summary>
    /// Whether one real server's change touches only its own destination: every endpoint is distinct and
    /// the sorry server is none of them. Otherwise the whole entry is derived again.
    /// </summary>
    public bool Incremental => _incremental ??=
        RealServers.Select(r => r.Settings.Endpoint).Distinct().Count() == RealServers.Count
        && !RealServers.Exists(r => r.Settings.Endpoint == Settings.SorryServer?.Endpoint);

    /// <summary>
    /// The quorum change due now, if any (ipwrapper.c update_quorum_state): gained when down and
    /// alive ≥ quorum+hysteresis, lost when up and alive is 0 or below quorum-hysteresis.
    /// </summary>
    public bool? QuorumChange()
    {
        long alive = AliveWeight(), q = Settings.Quorum, h = Settings.Hysteresis;
        if (!QuorumUp && alive >= q + h) return true;
        if (QuorumUp && (alive == 0 || alive < q - h)) return false;
        return null;
    }

    /// <summary>The sorry server is in while quorum is lost (ipwrapper.c perform_quorum_state).</summary>
    public bool SorryActive => Settings.SorryServer is not null && !QuorumUp;

    /// <summary>The entry every one of this server's services gets: its options and <see cref="Destinations"/>.</summary>
    public ServiceEntry BuildEntry() => new(Settings.Options, Destinations());

    /// <summary>
    /// The destinations every one of this server's services gets, each real server's by <see cref="DestinationOf"/>;
    /// with sorry_server_inhibit the sorry server stays at weight 0 while it is not in.
    /// </summary>
    public ImmutableSortedDictionary<DestinationKey, Destination> Destinations()
    {
        var b = LoadBalancerTable.NoDestinations.ToBuilder();
        bool sorry = SorryActive;
        foreach (var rs in RealServers)
            if (DestinationOf(rs, sorry) is { } d) b[rs.Settings.Endpoint] = d;
        if (Settings.SorryServer is { } ss)
        {
            if (sorry) b[ss.Endpoint] = new Destination(ss.Options, Destination.RealWeight(ss.Weight));
            else if (Settings.SorryServerInhibit) b.TryAdd(ss.Endpoint, new Destination(ss.Options, 0));
        }
        return b.ToImmutable();
    }

    /// <summary>
    /// One real server's destination: live servers are in at their weight, failed inhibited ones at weight 0,
    /// others out. While the sorry server is in (<paramref name="sorry"/>), the real servers are out (inhibited ones at 0).
    /// </summary>
    public static Destination? DestinationOf(RealServerRuntime rs, bool sorry)
    {
        var s = rs.Settings;
        if (rs.Alive && !sorry) return new Destination(s.Options, rs.TableWeight);
        return s.InhibitOnFailure ? new Destination(s.Options, 0) : null;
    }
}
