using System.Collections.Immutable;
using System.Net.Sockets;
using KeepalivedSharp.Linux.Netlink;
using KeepalivedSharp.Settings;
using KeepalivedSharp.Wire.Announcements;

namespace KeepalivedSharp.Host.Planning;

/// <summary>
/// Resolves the effective settings against this host: interface indices and MACs. Every value
/// derived from the config (devices, scopes, tables, VMAC names) comes from <see cref="EngineSetup"/>.
/// </summary>
public static class HostPlanner
{
    /// <summary>The VMACs the settings ask for (created before planning, so their indices exist).</summary>
    public static IEnumerable<VmacPlan> Vmacs(EngineSetup setup, HostInventory host)
    {
        foreach (var i in setup.EffectiveInstances.Where(i => i.VmacName is not null))
        {
            var parent = host.Link(i.Engine.Interface) ?? throw new HostPlanException($"({i.Name}) interface {i.Engine.Interface} not found");
            var mac = VirtualMac.For(i.Engine.Family, i.Engine.VirtualRouterId).GetAddressBytes();
            yield return new VmacPlan(i.VmacName!, parent.Index, mac);
        }
    }

    public static ImmutableArray<InstancePlan> Plan(EngineSetup setup, HostInventory host)
    {
        var plans = ImmutableArray.CreateBuilder<InstancePlan>();
        foreach (var i in setup.EffectiveInstances)
        {
            var settings = i.Engine;
            var baseLink = host.Link(settings.Interface) ?? throw new HostPlanException($"({i.Name}) interface {settings.Interface} not found");
            var vmacLink = i.VmacName is { } vmac ? host.Link(vmac) : null;
            var announceLink = vmacLink ?? baseLink;
            // keepalived sends IPv4 adverts on the VMAC unless vmac_xmit_base; IPv6 always on the base interface.
            var sendLink = vmacLink is not null && !i.Config.VmacXmitBase && settings.Family == AddressFamily.InterNetwork ? vmacLink : baseLink;
            LinkInfo DeviceLink(string? dev) => dev is null || dev == i.AddressInterface
                ? announceLink
                : host.Link(dev) ?? throw new HostPlanException($"({i.Name}) interface {dev} not found");
            int DeviceIndex(string? dev) => DeviceLink(dev).Index;

            var all = i.VirtualAddresses.Concat(i.ExcludedAddresses).ToList();
            var addresses = all.Select(a => Address(a, DeviceIndex)).ToImmutableArray();
            var targets = all.Select(a => DeviceLink(a.Device)).Select(l => new AnnounceTarget(l.Index, l.HardwareAddress)).ToImmutableArray();
            var routes = i.Routes.Select(r => Route(r, DeviceIndex)).ToImmutableArray();
            var rules = i.Rules.Select(r => r.Spec).ToImmutableArray();
            plans.Add(new InstancePlan(i.Name, settings.VirtualRouterId, settings.Family, settings.Interface,
                new SocketKey(sendLink.Index, settings.Family, settings.IsUnicast, settings.SourceAddress, i.MulticastGroup), new AnnounceTarget(announceLink.Index, announceLink.HardwareAddress),
                addresses, routes, rules, i.VmacName is { } name ? new VmacPlan(name, baseLink.Index, announceLink.HardwareAddress) : null,
                new HostBinding(baseLink.Name, baseLink.Index)) { DropsAddressTraffic = i.DropsAddressTraffic, AnnounceTargets = targets });
        }
        return plans.ToImmutable();
    }

    /// <summary>static_ipaddress, static_routes and static_rules: set up at start, kept while running, removed at stop.</summary>
    public static HostObjects Static(EngineSetup setup, HostInventory host)
    {
        int DeviceIndex(string? dev, string what)
        {
            var name = dev ?? throw new HostPlanException($"{what}: no dev given and no default_interface");
            return host.Link(name)?.Index ?? throw new HostPlanException($"{what}: interface {name} not found");
        }
        var g = setup.Global;
        var addresses = g.StaticAddresses.Select(a => Address(a, dev => DeviceIndex(dev, $"static_ipaddress {a.Config.Address}"))).ToImmutableArray();
        var routes = g.StaticRoutes.Select(r => Route(r, dev => DeviceIndex(dev, $"static route {r.Config.Destination}"))).ToImmutableArray();
        return new HostObjects(addresses, routes, [.. g.StaticRules.Select(r => r.Spec)]);
    }

    private static AddressSpec Address(EffectiveAddress a, Func<string?, int> deviceIndex)
        => new(a.Config.Address, a.Config.PrefixLength, deviceIndex(a.Device), a.Config.Label, a.Config.Broadcast, a.Scope);

    private static RouteSpec Route(EffectiveRoute r, Func<string?, int> deviceIndex)
        => r.OnDevice ? r.Spec with { InterfaceIndex = deviceIndex(r.Device) } : r.Spec;
}

/// <summary>Addresses, routes and rules put on the host together: an instance's, or the static ones.</summary>
public sealed record HostObjects(ImmutableArray<AddressSpec> Addresses, ImmutableArray<RouteSpec> Routes, ImmutableArray<RuleSpec> Rules)
{
    /// <summary>Addresses whose traffic is dropped while they are on the host (accept mode off: <see cref="Ports.IVipFirewall"/>).</summary>
    public ImmutableArray<AddressSpec> Dropped { get; init; } = [];

    public static readonly HostObjects Empty = new([], [], []);
}

/// <summary>The config cannot be applied to this host (a named interface is missing).</summary>
public sealed class HostPlanException(string message) : Exception(message);
