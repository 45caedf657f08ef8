using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Linux.Netlink;
using KeepalivedSharp.Linux.RtNetlink;

namespace KeepalivedSharp.Simulation.Cluster;

/// <summary>
/// A simulated machine's links, addresses, routes and rules: what rtnetlink manages on a real
/// host. The daemon's own host code (planner, mover) runs against it, so the addresses here are
/// what the node would really have. Links are every interface the node's config names, each
/// with the node's synthetic primary address.
/// </summary>
public sealed class SimHostNetwork : ILinkManager, IAddressManager, IRouteManager, IRuleManager
{
    private const uint Up = 0x1 | 0x40; // IFF_UP | IFF_RUNNING
    private readonly List<LinkInfo> _links = [];
    private readonly List<AddressInfo> _base = [];
    private readonly List<AddressSpec> _added = [];
    private readonly HashSet<RouteSpec> _routes = [];
    private readonly HashSet<RuleSpec> _rules = [];

    public SimHostNetwork(IEnumerable<string> interfaces, int host, Func<AddressFamily, IPAddress> primary)
    {
        foreach (var name in interfaces.Distinct(StringComparer.Ordinal))
        {
            int index = _links.Count + 2; // 1 is lo
            _links.Add(new LinkInfo(index, name, Up, [0x02, 0x00, 0x00, (byte)(host >> 8), (byte)host, (byte)index], 1500, null, 0, 0));
            _base.Add(new AddressInfo(index, primary(AddressFamily.InterNetwork), 24, 0, 0, null, null));
            _base.Add(new AddressInfo(index, primary(AddressFamily.InterNetworkV6), 64, 0, 0, null, null));
            _base.Add(new AddressInfo(index, IPAddress.Parse($"fe80::{host:x}"), 64, 253, 0, null, null));
        }
    }

    /// <summary>Told when an address is added (true) or removed (false): the simulator tracks VIP holders with it.</summary>
    public Action<AddressSpec, bool>? Changed { get; set; }

    /// <summary>Addresses the node's daemon has put on its links.</summary>
    public IReadOnlyList<AddressSpec> Added => _added;

    public bool Has(IPAddress address) => _added.Exists(a => a.Address.Equals(address));

    /// <summary>The machine crashed: what the daemon added goes with it.</summary>
    public void Reset()
    {
        foreach (var a in _added.ToList()) Remove(a);
        _routes.Clear();
        _rules.Clear();
    }

    public IReadOnlyList<LinkInfo> List() => _links;

    public LinkInfo? Find(string name) => _links.Find(l => l.Name == name);

    public LinkInfo CreateMacvlan(string name, int parentIndex, ReadOnlySpan<byte> mac)
    {
        var link = new LinkInfo(_links.Count + 2, name, Up, mac.ToArray(), 1500, "macvlan", parentIndex, 0);
        _links.Add(link);
        return link;
    }

    public void Delete(int index) => _links.RemoveAll(l => l.Index == index);

    public void SetUp(int index, bool up)
    {
    }

    public void Add(AddressSpec address)
    {
        if (_added.Contains(address)) return;
        _added.Add(address);
        Changed?.Invoke(address, true);
    }

    public void Remove(AddressSpec address)
    {
        if (_added.Remove(address)) Changed?.Invoke(address, false);
    }

    public IReadOnlyList<AddressInfo> List(AddressFamily? family = null)
        => [.. _base.Concat(_added.Select(a => new AddressInfo(a.InterfaceIndex, a.Address, a.PrefixLength, a.Scope, 0, a.Label, a.Broadcast)))
            .Where(a => family is null || a.Family == family)];

    public void Add(RouteSpec route) => _routes.Add(route);

    public void Remove(RouteSpec route) => _routes.Remove(route);

    public void Add(RuleSpec rule) => _rules.Add(rule);

    public void Remove(RuleSpec rule) => _rules.Remove(rule);
}
