using System.Collections.Immutable;

namespace KeepalivedSharp.Core.Check;

/// <summary>A real server's state: keepalived's alive flag over an AND of its checkers, and its weight.</summary>
internal sealed class RealServerRuntime(RealServerSettings settings)
{
    public RealServerSettings Settings { get; } = settings;
    public List<CheckerRuntime> Checkers { get; } = [];
    /// <summary>In the pool: every checker up (update_svr_checker_state). A server with no checkers is always up.</summary>
    public bool Alive { get; set; }
    public long Weight { get; set; } = settings.Weight;

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
    public VirtualServerSettings Settings { get; } = settings;
    public List<RealServerRuntime> RealServers { get; } = [];
    public bool QuorumUp { get; set; }
    public bool Suspended { get; set; } = settings.HaSuspend;

    public long AliveWeight()
    {
        long w = 0;
        foreach (var rs in RealServers)
            if (rs.Alive) w += rs.TableWeight;
        return w;
    }

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

    /// <summary>
    /// The destinations every one of this server's services gets. Live servers are in at their weight,
    /// failed inhibited ones at weight 0, others out. While the sorry server is in, the real servers
    /// are out (inhibited ones at 0); with sorry_server_inhibit the sorry server stays at weight 0.
    /// </summary>
    public ImmutableSortedDictionary<DestinationKey, Destination> Destinations()
    {
        var b = LoadBalancerTable.NoDestinations.ToBuilder();
        bool sorry = SorryActive;
        foreach (var rs in RealServers)
        {
            var s = rs.Settings;
            if (rs.Alive && !sorry) b[s.Endpoint] = new Destination(s.Options, rs.TableWeight);
            else if (s.InhibitOnFailure) b[s.Endpoint] = new Destination(s.Options, 0);
        }
        if (Settings.SorryServer is { } ss)
        {
            if (sorry) b[ss.Endpoint] = new Destination(ss.Options, Destination.RealWeight(ss.Weight));
            else if (Settings.SorryServerInhibit) b.TryAdd(ss.Endpoint, new Destination(ss.Options, 0));
        }
        return b.ToImmutable();
    }
}
