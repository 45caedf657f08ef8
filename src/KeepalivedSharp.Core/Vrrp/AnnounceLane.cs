using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Core.Timing;

namespace KeepalivedSharp.Core.Vrrp;

/// <summary>
/// keepalived's vrrp_garp_interval / vrrp_gna_interval spacing on one interface and family
/// (vrrp_arp.c send_gratuitous_arp, ndisc.c, vrrp_scheduler.c vrrp_arp_thread): a GARP (or NA)
/// goes at once when the interface is free, and then the interface is busy for the interval. One
/// asked for while it is busy is marked pending (a flag per address, so repeats asked for meanwhile
/// collapse into one, as in keepalived) and sent when the interface is free again, in instance and
/// address order, one per interval.
/// </summary>
internal sealed class AnnounceLane(string iface, AddressFamily family) : Timed
{
    private readonly List<(InstanceRuntime Instance, int Index, IPAddress Address)> _pending = [];
    private TimeSpan _freeAt;

    public string Interface { get; } = iface;
    public AddressFamily Family { get; } = family;

    public override TimeSpan? Deadline => _pending.Count > 0 ? _freeAt : null;

    /// <summary>True when one may go now (and the interface is then busy for <paramref name="interval"/>).</summary>
    public bool TrySend(TimeSpan now, TimeSpan interval)
    {
        if (now < _freeAt) return false;
        _freeAt = now + interval;
        Touch();
        return true;
    }

    public void MarkPending(InstanceRuntime i, int index, IPAddress address)
    {
        foreach (var p in _pending)
        {
            if (p.Instance == i && p.Index == index) return;
        }
        _pending.Add((i, index, address));
        Touch();
    }

    /// <summary>Drops everything pending (the engine stopped).</summary>
    public void Clear()
    {
        _pending.Clear();
        Touch();
    }

    /// <summary>Takes the first pending announcement (instance order, then address order), or null.</summary>
    public (InstanceRuntime Instance, IPAddress Address)? TakeFirst()
    {
        if (_pending.Count == 0) return null;
        int best = 0;
        for (int k = 1; k < _pending.Count; k++)
        {
            var (i, index, _) = _pending[k];
            var (bi, bindex, _) = _pending[best];
            if (i.Order < bi.Order || (i.Order == bi.Order && index < bindex)) best = k;
        }
        var taken = _pending[best];
        _pending.RemoveAt(best);
        Touch();
        return (taken.Instance, taken.Address);
    }
}
