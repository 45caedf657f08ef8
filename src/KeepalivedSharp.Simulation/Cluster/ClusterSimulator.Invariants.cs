using System.Net;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Linux.Netlink;

namespace KeepalivedSharp.Simulation.Cluster;

/// <summary>
/// Invariants that need the host side, checked as the simulation runs: a VIP is on a machine
/// exactly while that node's engine is MASTER for it, and outside a partition (or loss between the holders)
/// no two machines hold one VIP for longer than one Master_Down_Interval plus the link delay.
/// </summary>
public sealed partial class ClusterSimulator
{
    private readonly List<string> _violations = [];
    private readonly Dictionary<IPAddress, (HashSet<string> Holders, TimeSpan Since, bool Partitioned)> _vipHolders = [];

    /// <summary>Host-side invariant violations seen so far.</summary>
    public IReadOnlyList<string> Violations => _violations;

    private void CheckHostMatchesEngine(SimNode node)
    {
        var states = node.Engine?.Snapshot().ToDictionary(s => s.Name, s => s.State, StringComparer.Ordinal);
        foreach (var s in node.Setup.Instances)
        {
            bool master = states is not null && states.GetValueOrDefault(s.Name) == VrrpState.Master;
            foreach (var vip in s.VirtualAddresses)
            {
                if (node.Network.Has(vip) != master)
                    _violations.Add($"t={SimulatedTransition.Seconds(Now)} {node.Name} {s.Name}: VIP {vip} {(master ? "missing while MASTER" : "present while not MASTER")}");
            }
        }
    }

    private void AddressChanged(SimNode node, AddressSpec address, bool added)
    {
        if (!_vipHolders.TryGetValue(address.Address, out var h))
            _vipHolders[address.Address] = h = (new HashSet<string>(StringComparer.Ordinal), TimeSpan.Zero, false);
        int before = h.Holders.Count;
        if (added) h.Holders.Add(node.Name);
        else h.Holders.Remove(node.Name);
        if (before < 2 && h.Holders.Count >= 2) h = (h.Holders, Now, Partitioned || Lossy(h.Holders));
        else if (before >= 2 && h.Holders.Count < 2 && !h.Partitioned)
        {
            var bound = DoubleHolderBound(address.Address);
            if (Now - h.Since > bound)
                _violations.Add($"t={SimulatedTransition.Seconds(Now)} VIP {address.Address} held by two nodes for {SimulatedTransition.Seconds(Now - h.Since)} s outside a partition (bound {SimulatedTransition.Seconds(bound)} s)");
        }
        _vipHolders[address.Address] = h;
    }

    private void PartitionChanged() => Exempt(_ => true);

    /// <summary>
    /// Loss between two holders lifts the bound as a partition does: the master's adverts that would end the
    /// double holding may be lost one after another (RFC 5798 §6.4.3 gives no bound then).
    /// </summary>
    private void LinkChanged(double loss)
    {
        if (loss > 0) Exempt(Lossy);
    }

    private bool Lossy(HashSet<string> holders)
        => holders.Any(a => holders.Any(b => a != b && _links.TryGetValue((a, b), out var l) && l.Loss > 0));

    private void Exempt(Func<HashSet<string>, bool> which)
    {
        foreach (var (vip, h) in _vipHolders.ToList())
        {
            if (h.Holders.Count >= 2 && which(h.Holders)) _vipHolders[vip] = (h.Holders, h.Since, true);
        }
    }

    /// <summary>The longest Master_Down_Interval among the instances carrying the address, plus the largest link delay.</summary>
    private TimeSpan DoubleHolderBound(IPAddress vip)
    {
        var longest = TimeSpan.Zero;
        foreach (var s in _order.SelectMany(n => n.Setup.Instances).Where(s => s.VirtualAddresses.Contains(vip)))
        {
            var mdi = s.DownTimerAdverts * s.AdvertInterval + (256 - s.Priority) * s.AdvertInterval / 256;
            if (mdi > longest) longest = mdi;
        }
        return longest + MaxLinkDelay;
    }
}
