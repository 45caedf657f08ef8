using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Linux.Netlink;

namespace KeepalivedSharp.Host.Planning;

/// <summary>Which VRRP socket an instance uses: one per interface, family, mode and source.</summary>
/// <param name="Group">Multicast destination (keepalived's mcast_daddr); null for unicast or the RFC group.</param>
public readonly record struct SocketKey(int InterfaceIndex, AddressFamily Family, bool Unicast, IPAddress? Source, IPAddress? Group = null);

/// <summary>A keepalived VMAC (use_vmac): a macvlan with 00-00-5E-00-0x-VRID on the instance's interface.</summary>
public sealed record VmacPlan(string Name, int ParentIndex, byte[] Mac);

/// <summary>Everything the host side needs to carry out one instance's actions.</summary>
public sealed record InstancePlan(
    string Name,
    byte VirtualRouterId,
    AddressFamily Family,
    string Interface,
    SocketKey Socket,
    int AnnounceIndex,
    byte[] AnnounceMac,
    ImmutableArray<AddressSpec> Addresses,
    ImmutableArray<RouteSpec> Routes,
    ImmutableArray<RuleSpec> Rules,
    VmacPlan? Vmac,
    HostBinding Binding)
{
    /// <summary>Traffic to its addresses is dropped while they are on the host (<see cref="Settings.EffectiveInstance.DropsAddressTraffic"/>).</summary>
    public bool DropsAddressTraffic { get; init; }

    /// <summary>What the instance puts on the host while it is MASTER.</summary>
    public HostObjects Objects => new(Addresses, Routes, Rules) { Dropped = DropsAddressTraffic ? Addresses : [] };
}
