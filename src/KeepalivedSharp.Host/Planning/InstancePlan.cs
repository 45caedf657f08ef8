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

/// <summary>Where a gratuitous ARP or NA for an address goes: its interface and that interface's MAC.</summary>
public readonly record struct AnnounceTarget(int InterfaceIndex, byte[] Mac);

/// <summary>Everything the host side needs to carry out one instance's actions.</summary>
public sealed record InstancePlan(
    string Name,
    byte VirtualRouterId,
    AddressFamily Family,
    string Interface,
    SocketKey Socket,
    AnnounceTarget Announce,
    ImmutableArray<AddressSpec> Addresses,
    ImmutableArray<RouteSpec> Routes,
    ImmutableArray<RuleSpec> Rules,
    VmacPlan? Vmac,
    HostBinding Binding)
{
    /// <summary>Traffic to its addresses is dropped while they are on the host (<see cref="Settings.EffectiveInstance.DropsAddressTraffic"/>).</summary>
    public bool DropsAddressTraffic { get; init; }

    /// <summary>
    /// Per entry of <see cref="Addresses"/>, the interface its GARP/NA goes out on: keepalived sends on
    /// the address's own interface with that interface's MAC (vrrp_arp.c send_gratuitous_arp_immediate).
    /// </summary>
    public ImmutableArray<AnnounceTarget> AnnounceTargets { get; init; } = [];

    /// <summary>The target for <paramref name="address"/>: its own entry's, else the instance's interface.</summary>
    public AnnounceTarget TargetFor(IPAddress address)
    {
        for (int k = 0; k < Addresses.Length && k < AnnounceTargets.Length; k++)
        {
            if (Addresses[k].Address.Equals(address)) return AnnounceTargets[k];
        }
        return Announce;
    }

    /// <summary>What the instance puts on the host while it is MASTER.</summary>
    public HostObjects Objects => new(Addresses, Routes, Rules) { Dropped = DropsAddressTraffic ? Addresses : [] };
}
