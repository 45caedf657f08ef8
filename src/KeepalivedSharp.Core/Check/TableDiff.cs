using System.Collections.Immutable;

namespace KeepalivedSharp.Core.Check;

/// <summary>One load-balancer operation, as IPVS and nftables back-ends perform them (linux/ip_vs.h commands).</summary>
public abstract record TableOp(ServiceKey Service);

public sealed record AddService(ServiceKey Service, ServiceOptions Options) : TableOp(Service);

public sealed record EditService(ServiceKey Service, ServiceOptions Options) : TableOp(Service);

public sealed record DeleteService(ServiceKey Service) : TableOp(Service);

public sealed record AddDestination(ServiceKey Service, DestinationKey Key, Destination Destination) : TableOp(Service);

public sealed record EditDestination(ServiceKey Service, DestinationKey Key, Destination Destination) : TableOp(Service);

public sealed record DeleteDestination(ServiceKey Service, DestinationKey Key) : TableOp(Service);

/// <summary>One service of a <see cref="TableChange"/>: the destinations that changed (in table order), or null for the whole service.</summary>
public readonly record struct ServiceChange(ServiceKey Service, IReadOnlyList<DestinationKey>? Destinations);

/// <summary>
/// Where a table differs from <see cref="From"/>, the table before it, with <see cref="Services"/> in table order.
/// A backend that holds <see cref="From"/> diffs only these (<see cref="TableDiff.Diff(LoadBalancerTable, LoadBalancerTable, TableChange)"/>).
/// </summary>
public sealed record TableChange(LoadBalancerTable From, ImmutableArray<ServiceChange> Services);

/// <summary>
/// The operations that turn one table into another, with <c>Apply(Diff(a, b), a) == b</c>.
/// Order follows keepalived: a removed service loses its destinations before the service
/// (clear_service_vs); within a service, removals come before additions, so a lost quorum takes
/// the live servers out before the sorry server goes in (ipwrapper.c update_quorum_state).
/// </summary>
public static class TableDiff
{
    public static List<TableOp> Diff(LoadBalancerTable from, LoadBalancerTable to)
    {
        var ops = new List<TableOp>();
        foreach (var (key, old) in from.Services)
            if (!to.Services.ContainsKey(key)) Removed(ops, key, old);
        foreach (var (key, want) in to.Services)
            Service(ops, key, from.Services.GetValueOrDefault(key), want);
        return ops;
    }

    /// <summary>
    /// The same operations as the whole diff, in the same order, when <paramref name="to"/> differs from
    /// <paramref name="from"/> only where <paramref name="change"/> says; the cost is the change's, not the table's.
    /// </summary>
    public static List<TableOp> Diff(LoadBalancerTable from, LoadBalancerTable to, TableChange change)
    {
        var ops = new List<TableOp>();
        foreach (var s in change.Services)
            if (!to.Services.ContainsKey(s.Service) && from.Services.TryGetValue(s.Service, out var old)) Removed(ops, s.Service, old);
        foreach (var s in change.Services)
        {
            if (!to.Services.TryGetValue(s.Service, out var want)) continue;
            var have = from.Services.GetValueOrDefault(s.Service);
            if (s.Destinations is null || have is null || have.Options != want.Options) Service(ops, s.Service, have, want);
            else Destinations(ops, s.Service, have, want, s.Destinations, s.Destinations);
        }
        return ops;
    }

    private static void Removed(List<TableOp> ops, ServiceKey key, ServiceEntry old)
    {
        foreach (var d in old.Destinations.Keys) ops.Add(new DeleteDestination(key, d));
        ops.Add(new DeleteService(key));
    }

    private static void Service(List<TableOp> ops, ServiceKey key, ServiceEntry? have, ServiceEntry want)
    {
        if (have is null)
        {
            ops.Add(new AddService(key, want.Options));
            foreach (var (d, dest) in want.Destinations) ops.Add(new AddDestination(key, d, dest));
            return;
        }
        if (have.Options != want.Options) ops.Add(new EditService(key, want.Options));
        Destinations(ops, key, have, want, have.Destinations.Keys, want.Destinations.Keys);
    }

    /// <summary>Removals among <paramref name="gone"/> first, then additions and edits among <paramref name="wanted"/>.</summary>
    private static void Destinations(List<TableOp> ops, ServiceKey key, ServiceEntry have, ServiceEntry want,
        IEnumerable<DestinationKey> gone, IEnumerable<DestinationKey> wanted)
    {
        foreach (var d in gone)
            if (!want.Destinations.ContainsKey(d) && have.Destinations.ContainsKey(d)) ops.Add(new DeleteDestination(key, d));
        foreach (var d in wanted)
        {
            if (!want.Destinations.TryGetValue(d, out var dest)) continue;
            if (!have.Destinations.TryGetValue(d, out var was)) ops.Add(new AddDestination(key, d, dest));
            else if (was != dest) ops.Add(new EditDestination(key, d, dest));
        }
    }

    /// <summary>Applies operations strictly: adding what exists or touching what does not throws.</summary>
    public static LoadBalancerTable Apply(IEnumerable<TableOp> ops, LoadBalancerTable table)
    {
        var services = table.Services;
        foreach (var op in ops) services = Step(services, op, strict: true);
        return new LoadBalancerTable(services);
    }

    /// <summary>
    /// One operation. <paramref name="strict"/>: adding what exists or touching what does not throws. Else the
    /// table follows what a kernel took whatever it held (a backend's record of a command that succeeded).
    /// </summary>
    public static ImmutableSortedDictionary<ServiceKey, ServiceEntry> Step(ImmutableSortedDictionary<ServiceKey, ServiceEntry> services, TableOp op, bool strict)
    {
        services.TryGetValue(op.Service, out var entry);
        bool expected = op switch
        {
            AddService => entry is null,
            DeleteService => entry is { Destinations.Count: 0 },
            AddDestination a => entry is not null && !entry.Destinations.ContainsKey(a.Key),
            EditDestination e => entry is not null && entry.Destinations.ContainsKey(e.Key),
            DeleteDestination d => entry is not null && entry.Destinations.ContainsKey(d.Key),
            _ => entry is not null,
        };
        if (strict && !expected) throw new InvalidOperationException($"cannot apply {op} to the table");
        return op switch
        {
            AddService a => services.SetItem(a.Service, new ServiceEntry(a.Options, entry?.Destinations ?? LoadBalancerTable.NoDestinations)),
            DeleteService => services.Remove(op.Service),
            _ when entry is null => services,
            EditService e => services.SetItem(e.Service, entry with { Options = e.Options }),
            AddDestination a => services.SetItem(a.Service, entry with { Destinations = entry.Destinations.SetItem(a.Key, a.Destination) }),
            EditDestination e => services.SetItem(e.Service, entry with { Destinations = entry.Destinations.SetItem(e.Key, e.Destination) }),
            DeleteDestination d => services.SetItem(d.Service, entry with { Destinations = entry.Destinations.Remove(d.Key) }),
            _ => throw new ArgumentException($"unknown table operation {op}", nameof(op)),
        };
    }
}
