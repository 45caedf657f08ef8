using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Check;
using KeepalivedSharp.Host.Ports;
using KeepalivedSharp.Linux.Nftables;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Host.LoadBalancer;

/// <summary>
/// The load balancer in nftables, through libnftables JSON (<see cref="NftCommands"/>): one table of
/// ours, <c>inet keepalived_sharp</c>, and one libnftables call, so one kernel transaction, per
/// change. NAT only: DNAT to the chosen destination, the return path through conntrack.
/// </summary>
public sealed class NftablesLoadBalancer : ILoadBalancer
{
    private readonly NftContext _ctx;
    private readonly ILogger _log;
    private readonly HashSet<(ServiceKey, string)> _warned = [];
    private bool _created;

    public NftablesLoadBalancer(ILogger log)
    {
        _log = log;
        _ctx = NftContext.Open();
    }

    public string Name => "nftables";

    public LoadBalancerTable Applied { get; private set; } = LoadBalancerTable.Empty;

    public void Apply(LoadBalancerTable desired, TableChange? change = null)
    {
        // A change from the table we hold rewrites only the services it names.
        var scope = _created && change is not null && ReferenceEquals(change.From, Applied) ? change : null;
        if (scope is null && _created && desired.Equals(Applied))
        {
            Applied = desired; // the engine's object, so its next change is scoped again
            return;
        }
        WarnFallbacks(desired, scope);
        var first = _ctx.Run(NftCommands.Change(Applied, desired, create: !_created, scope));
        if (!first.Ok && _created)
        {
            // Our table changed under us (deleted by hand): build it again whole, still in one batch.
            var again = _ctx.Run(NftCommands.Change(LoadBalancerTable.Empty, desired, create: true));
            if (!again.Ok) throw new LoadBalancerException($"{first.Reason}; rebuilding the table: {again.Reason}");
        }
        else if (!first.Ok)
        {
            throw new LoadBalancerException(first.Reason);
        }
        _created = true;
        Applied = desired;
    }

    public LoadBalancerTable ReadBack()
    {
        var r = _ctx.Run(NftCommands.List());
        if (r.Ok) return NftReadBack.Parse(r.Output);
        if (r.Error.Contains("No such file or directory", StringComparison.Ordinal)) return LoadBalancerTable.Empty;
        throw new LoadBalancerException(r.Reason);
    }

    public void Release()
    {
        var r = _ctx.Run(NftCommands.Delete());
        _created = false;
        Applied = LoadBalancerTable.Empty;
        if (!r.Ok) throw new LoadBalancerException(r.Reason);
    }

    /// <summary>The IPVS globals have nothing to act on here: nftables keeps no IPVS timeouts, and our table is released whole.</summary>
    public void Reconfigure(LvsSettings lvs) { }

    public void Dispose() => _ctx.Dispose();

    /// <summary>What this backend runs differently from IPVS, once per service and difference; with a change, its services only.</summary>
    private void WarnFallbacks(LoadBalancerTable table, TableChange? change)
    {
        foreach (var key in change?.Services.Select(s => s.Service) ?? table.Services.Keys)
        {
            if (!table.Services.TryGetValue(key, out var entry)) continue;
            foreach (var text in Fallbacks(key, entry))
                if (_warned.Add((key, text))) LoadBalancerLog.Fallback(_log, Name, key.ToString(), text);
        }
    }

    /// <summary>The differences from IPVS for one service, in words (docs/operations.md lists them).</summary>
    public static IEnumerable<string> Fallbacks(ServiceKey key, ServiceEntry entry)
    {
        if (NftSlots.Plan(entry).Fallback is { } sched) yield return sched;
        if (entry.Destinations.Values.Any(d => d.Options.Method != ForwardMethod.Masquerade))
            yield return "only NAT is supported: DR and TUN real servers get DNAT, so their replies must route back through this host";
        if (entry.Options.PersistenceEngine is { } engine)
            yield return $"persistence_engine {engine} is not supported: clients persist by source address only";
        if (entry.Destinations.Values.Any(d => d.Options.UpperThreshold != 0 || d.Options.LowerThreshold != 0))
            yield return "uthreshold and lthreshold are not supported (nftables keeps no connection counts)";
        if (key.IsFwmark && entry.Destinations.Keys.Any(d => d.Port != 0) && !NftCommands.FwmarkPorts(entry))
            yield return "a fwmark service with a real server of port 0 keeps the packet's port: the other real servers' ports are not applied";
    }
}
