using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;

namespace KeepalivedSharp.Core.Check;

/// <summary>The transport protocol of an address service (IPVS_SVC_ATTR_PROTOCOL values).</summary>
public enum LbProtocol : byte
{
    Tcp = 6,
    Udp = 17,
    Sctp = 132,
}

/// <summary>How packets reach a real server (IPVS_CONN_F_FWD_MASK values, linux/ip_vs.h).</summary>
public enum ForwardMethod : byte
{
    Masquerade = 0,
    LocalNode = 1,
    Tunnel = 2,
    DirectRoute = 3,
}

/// <summary>
/// One load-balancer service: an address, protocol and port, or a firewall mark (keepalived makes one
/// per address of a group range, per port, plus one per fwmark: ipvswrapper.c ipvs_group_range_cmd).
/// </summary>
public readonly record struct ServiceKey(AddressFamily Family, LbProtocol Protocol, IPAddress? Address, ushort Port, uint Fwmark)
{
    public static ServiceKey ForAddress(LbProtocol protocol, IPAddress address, ushort port) =>
        new(address.AddressFamily, protocol, address, port, 0);

    public static ServiceKey ForFwmark(uint mark, AddressFamily family = AddressFamily.InterNetwork) =>
        new(family, 0, null, 0, mark);

    public bool IsFwmark => Address is null;

    /// <summary>keepalived's names: <c>[10.0.0.1]:tcp:80</c>, <c>FWM 5</c>.</summary>
    public override string ToString() =>
        Address is null ? $"FWM {Fwmark}" : $"[{Address}]:{Protocol.ToString().ToLowerInvariant()}:{Port}";
}

/// <summary>A real server's address and port within a service.</summary>
public readonly record struct DestinationKey(IPAddress Address, ushort Port)
{
    public override string ToString() => $"[{Address}]:{Port}";

    /// <summary>keepalived's service trio <c>[10.0.0.2]:tcp:80</c> (utils.c inet_sockaddrtotrio), as its checker lines print a real server.</summary>
    public string ToString(LbProtocol protocol) => $"[{Address}]:{protocol.ToString().ToLowerInvariant()}:{Port}";
}

/// <summary>A service's scheduling options (IPVS_SVC_ATTR_SCHED_NAME, FLAGS, TIMEOUT, NETMASK, PE_NAME).</summary>
public sealed record ServiceOptions(string Scheduler, uint Flags, uint PersistenceTimeout, uint Netmask, string? PersistenceEngine = null)
{
    public static readonly ServiceOptions Default = new("wlc", 0, 0, uint.MaxValue);
}

/// <summary>A destination's forwarding options; <see cref="Destination"/> adds the weight.</summary>
public sealed record DestinationOptions(
    ForwardMethod Method, uint UpperThreshold = 0, uint LowerThreshold = 0,
    byte TunnelType = 0, ushort TunnelPort = 0, ushort TunnelFlags = 0)
{
    public static readonly DestinationOptions Nat = new(ForwardMethod.Masquerade);
}

/// <summary>A real server as the load balancer holds it: options and a weight of 0..int.MaxValue.</summary>
public readonly record struct Destination(DestinationOptions Options, int Weight)
{
    /// <summary>The weight the load balancer gets for an effective weight: clamped to 0..int.MaxValue (ipwrapper.c real_weight).</summary>
    public static int RealWeight(long weight) => (int)Math.Clamp(weight, 0, int.MaxValue);
}

/// <summary>One service and its destinations.</summary>
public sealed record ServiceEntry(ServiceOptions Options, ImmutableSortedDictionary<DestinationKey, Destination> Destinations)
{
    public bool Equals(ServiceEntry? other) =>
        other is not null && Options == other.Options && TableOrder.SameMap(Destinations, other.Destinations);

    public override int GetHashCode() => HashCode.Combine(Options, Destinations.Count);
}

/// <summary>
/// The load-balancer table the check engine wants: every service and destination with its weight.
/// The host diffs it against what it applied (<see cref="TableDiff"/>) instead of the engine
/// issuing add and remove calls, so a reload with an unchanged config costs no operation.
/// </summary>
public sealed record LoadBalancerTable(ImmutableSortedDictionary<ServiceKey, ServiceEntry> Services)
{
    public static readonly LoadBalancerTable Empty = new(ImmutableSortedDictionary.Create<ServiceKey, ServiceEntry>(TableOrder.Services));

    public static ImmutableSortedDictionary<DestinationKey, Destination> NoDestinations { get; } =
        ImmutableSortedDictionary.Create<DestinationKey, Destination>(TableOrder.Destinations);

    public int DestinationCount => Services.Values.Sum(s => s.Destinations.Count);

    public bool Equals(LoadBalancerTable? other) => other is not null && TableOrder.SameMap(Services, other.Services);

    public override int GetHashCode() => Services.Count;
}

/// <summary>A total order over keys so that tables, diffs and their output are deterministic.</summary>
public static class TableOrder
{
    public static readonly IComparer<ServiceKey> Services = Comparer<ServiceKey>.Create(CompareServices);
    public static readonly IComparer<DestinationKey> Destinations = Comparer<DestinationKey>.Create(CompareDestinations);

    private static int CompareServices(ServiceKey a, ServiceKey b)
    {
        int c = a.Fwmark.CompareTo(b.Fwmark);
        if (c == 0) c = ((int)a.Family).CompareTo((int)b.Family);
        if (c == 0) c = ((byte)a.Protocol).CompareTo((byte)b.Protocol);
        if (c == 0) c = CompareAddresses(a.Address, b.Address);
        return c != 0 ? c : a.Port.CompareTo(b.Port);
    }

    private static int CompareDestinations(DestinationKey a, DestinationKey b)
    {
        int c = CompareAddresses(a.Address, b.Address);
        return c != 0 ? c : a.Port.CompareTo(b.Port);
    }

    private static int CompareAddresses(IPAddress? a, IPAddress? b)
    {
        if (a is null || b is null) return (a is null ? 0 : 1) - (b is null ? 0 : 1);
        Span<byte> x = stackalloc byte[16], y = stackalloc byte[16];
        a.TryWriteBytes(x, out int nx);
        b.TryWriteBytes(y, out int ny);
        int c = nx.CompareTo(ny);
        return c != 0 ? c : x[..nx].SequenceCompareTo(y[..ny]);
    }

    internal static bool SameMap<TKey, TValue>(ImmutableSortedDictionary<TKey, TValue> a, ImmutableSortedDictionary<TKey, TValue> b)
        where TKey : notnull
    {
        if (ReferenceEquals(a, b)) return true;
        if (a.Count != b.Count) return false;
        foreach (var (k, v) in a)
            if (!b.TryGetValue(k, out var w) || !EqualityComparer<TValue>.Default.Equals(v, w)) return false;
        return true;
    }
}
