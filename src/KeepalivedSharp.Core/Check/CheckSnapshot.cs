using System.Collections.Immutable;

namespace KeepalivedSharp.Core.Check;

/// <summary>
/// One checker as status shows it (keepalived's is_up, has_run, retry_it; HTTP's failed url; cur_weight, the weight it adds
/// to its real server; FILE_CHECK's last value read, keepalived's tracked_file last_status).
/// </summary>
public sealed record CheckerStatus(CheckerKind Kind, bool Up, bool HasRun, int RetryIt, int? FailedUrl, bool InFlight,
    long Contribution = 0, long? FileValue = null);

/// <summary>A real server: in the pool (alive) and its effective weight, as the load balancer gets it.</summary>
public sealed record RealServerStatus(DestinationKey Endpoint, bool Alive, long Weight, bool InhibitOnFailure, ImmutableArray<CheckerStatus> Checkers)
{
    /// <summary>The weight the load balancer gets (status and metrics show this one).</summary>
    public int RealWeight => Destination.RealWeight(Weight);
}

/// <summary>A virtual server: quorum against the live weight, the sorry server, ha_suspend.</summary>
public sealed record VirtualServerStatus(string Id, ImmutableArray<ServiceKey> Services, bool QuorumUp, long AliveWeight, long Quorum, long Hysteresis,
    DestinationKey? SorryServer, bool SorryActive, bool Suspended, ImmutableArray<RealServerStatus> RealServers);

public sealed partial class CheckEngine
{
    /// <summary>Whether <paramref name="rs"/> is in <paramref name="virtualServer"/>'s pool now (alive at start counts too).</summary>
    public bool IsAlive(string virtualServer, DestinationKey rs) =>
        _byId.TryGetValue(virtualServer, out var vs) && vs.RealServers.Exists(r => r.Alive && r.Settings.Endpoint == rs);

    /// <summary>Every virtual server's state now, for status, metrics and dumps.</summary>
    public ImmutableArray<VirtualServerStatus> Snapshot() => [.. _servers.Select(vs => new VirtualServerStatus(
        vs.Settings.Id, vs.Settings.Services, vs.QuorumUp, vs.AliveWeight(), vs.Settings.Quorum, vs.Settings.Hysteresis,
        vs.Settings.SorryServer?.Endpoint, vs.SorryActive, vs.Suspended,
        [.. vs.RealServers.Select(rs => new RealServerStatus(rs.Settings.Endpoint, rs.Alive, rs.Weight, rs.Settings.InhibitOnFailure,
            [.. rs.Checkers.Select(c => new CheckerStatus(c.Settings.Kind, c.IsUp, c.HasRun, c.RetryIt, c.FailedUrl, c.InFlight,
                c.Contribution, c.FileValue))]))]))];
}
