using System.Collections.Concurrent;
using KeepalivedSharp.Host.Planning;
using KeepalivedSharp.Linux.Netlink;

namespace KeepalivedSharp.Host.Network;

/// <summary>
/// The addresses the kernel has confirmed on the host, per owner (an instance, or "static"): set
/// when an add is acknowledged (or the address was already there), cleared when a remove is.
/// keepalived's per-address <c>ip->set</c> (vrrp_ipaddress.c netlink_iplist): status and metrics
/// say "set" from this, never from what was only asked for, so a failed add is not reported as held.
/// Written by the network worker, read by the loop and status: thread-safe.
/// </summary>
public sealed class HostAddressLedger
{
    private readonly ConcurrentDictionary<(string Owner, AddressSpec Address), byte> _set = new();

    public void Added(string owner, AddressSpec address) => _set[(owner, address)] = 0;

    public void Removed(string owner, AddressSpec address) => _set.TryRemove((owner, address), out _);

    /// <summary>
    /// The link went (RTM_DELLINK): the kernel took its addresses with it, so none is set any more,
    /// whatever the owners' removes still queued will answer.
    /// </summary>
    public void LinkGone(int ifindex)
    {
        foreach (var key in _set.Keys)
        {
            if (key.Address.InterfaceIndex == ifindex) _set.TryRemove(key, out _);
        }
    }

    public bool IsSet(string owner, AddressSpec address) => _set.ContainsKey((owner, address));

    /// <summary>Every address of <paramref name="plan"/> is confirmed on the host.</summary>
    public bool HoldsAll(InstancePlan plan) => plan.Addresses.All(a => IsSet(plan.Name, a));
}
