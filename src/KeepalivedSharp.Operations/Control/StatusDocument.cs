using System.Net.Sockets;
using KeepalivedSharp.Core.Vrrp;

namespace KeepalivedSharp.Operations.Control;

/// <summary>The JSON shape of <c>keepalived-sharp status --json</c> and of the control socket's status reply (snake_case keys).</summary>
public sealed record StatusDocument(
    string Version, string ConfigFile, int Pid, double UptimeSeconds, DateTimeOffset TakenAt, long Reloads,
    long UnknownVirtualRouterDrops, List<InstanceDocument> Instances, List<GroupDocument> Groups, List<WireErrorDocument> WireErrors)
{
    /// <summary>The health checkers' view: <c>virtual_servers[].real_servers[]</c> (issue 11).</summary>
    public List<VirtualServerDocument> VirtualServers { get; init; } = [];

    public static StatusDocument From(DaemonStatus s) => new(
        s.Version, s.ConfigFile, s.ProcessId, s.Uptime.TotalSeconds, s.TakenAt, s.Reloads, s.UnknownVirtualRouterDrops,
        [.. s.Instances.Select(InstanceDocument.From)],
        [.. s.Groups.Select(g => new GroupDocument(g.Name, g.State.ToKeepalived(), [.. g.Members]))],
        [.. s.WireErrors.Select(w => new WireErrorDocument(w.Interface, FamilyName(w.Family), new SortedDictionary<string, long>(w.Counts, StringComparer.Ordinal)))])
    {
        VirtualServers = [.. s.VirtualServers.Select(VirtualServerDocument.From)],
    };

    internal static string FamilyName(AddressFamily f) => f == AddressFamily.InterNetworkV6 ? "inet6" : "inet";
}

public sealed record InstanceDocument(
    string Name, string Interface, int Vrid, string Family, int Version, string State, string WantState,
    int Priority, int EffectivePriority, string? MasterAddress, int MasterPriority, double MasterAdvertIntervalSeconds,
    bool HoldsAddresses, List<string> VirtualAddresses, List<string> UnicastPeers, double AdvertIntervalSeconds, bool Preempt,
    double SinceTransitionSeconds, string? FaultCause, string? SyncGroup, CountersDocument Counters)
{
    public static InstanceDocument From(InstanceReport r)
    {
        var e = r.Engine;
        return new InstanceDocument(e.Name, e.Interface, e.VirtualRouterId, StatusDocument.FamilyName(e.Family), e.Version,
            e.State.ToKeepalived(), e.WantState.ToKeepalived(), e.Priority, e.EffectivePriority, e.MasterAddress?.ToString(),
            e.MasterPriority, e.MasterAdverInterval.TotalSeconds, e.HoldsAddresses, [.. r.VirtualAddresses], [.. r.UnicastPeers],
            r.AdvertInterval.TotalSeconds, r.Preempt, r.SinceTransition.TotalSeconds, e.FaultCause, e.SyncGroup, CountersDocument.From(e.Counters));
    }
}

/// <summary>keepalived's stats names (vrrp_json.c) for the counters.</summary>
public sealed record CountersDocument(
    long AdvertRcvd, long AdvertSent, long BecomeMaster, long ReleaseMaster, long PacketLenErr, long AdvertIntervalErr,
    long IpTtlErr, long InvalidTypeRcvd, long AddrListErr, long InvalidAuthtype, long AuthtypeMismatch, long AuthFailure,
    long PriZeroRcvd, long PriZeroSent, long ChecksumErr, long VersionErr)
{
    public static CountersDocument From(InstanceCounters c) => new(
        c.AdvertReceived, c.AdvertSent, c.BecomeMaster, c.ReleaseMaster, c.PacketLengthErrors, c.AdvertIntervalErrors,
        c.TtlErrors, c.InvalidTypeReceived, c.AddressListErrors, c.InvalidAuthType, c.AuthTypeMismatch, c.AuthFailure,
        c.PriorityZeroReceived, c.PriorityZeroSent, c.ChecksumErrors, c.VersionErrors);

    /// <summary>Every received-packet error (the status table's ERRORS column).</summary>
    public long Errors => PacketLenErr + AdvertIntervalErr + IpTtlErr + InvalidTypeRcvd + AddrListErr + InvalidAuthtype
        + AuthtypeMismatch + AuthFailure + ChecksumErr + VersionErr;
}

public sealed record GroupDocument(string Name, string State, List<string> Members);

public sealed record WireErrorDocument(string Interface, string Family, SortedDictionary<string, long> Counts);

public sealed record VirtualServerDocument(string Name, List<string> Services, bool QuorumUp, long AliveWeight, long Quorum, long Hysteresis,
    string? SorryServer, bool SorryActive, bool Suspended, List<RealServerDocument> RealServers)
{
    public static VirtualServerDocument From(Core.Check.VirtualServerStatus v) => new(v.Id, [.. v.Services.Select(k => k.ToString())],
        v.QuorumUp, v.AliveWeight, v.Quorum, v.Hysteresis, v.SorryServer?.ToString(), v.SorryActive, v.Suspended,
        [.. v.RealServers.Select(RealServerDocument.From)]);
}

/// <summary><c>weight</c> is the effective weight clamped as the load balancer gets it (0..INT32_MAX).</summary>
public sealed record RealServerDocument(string Address, int Port, bool Alive, long Weight, bool InhibitOnFailure, List<CheckerDocument> Checkers)
{
    public static RealServerDocument From(Core.Check.RealServerStatus r) => new(r.Endpoint.Address.ToString(), r.Endpoint.Port, r.Alive,
        r.RealWeight, r.InhibitOnFailure,
        [.. r.Checkers.Select(c => new CheckerDocument(Core.Check.CheckerKeywords.Keyword(c.Kind), c.Up, c.HasRun, c.RetryIt, c.FailedUrl, c.InFlight))]);
}

public sealed record CheckerDocument(string Type, bool Up, bool HasRun, int RetryIt, int? FailedUrl, bool InFlight);
