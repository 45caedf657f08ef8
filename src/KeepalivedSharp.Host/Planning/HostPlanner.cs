using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Linux.Netlink;
using KeepalivedSharp.Wire.Announcements;

namespace KeepalivedSharp.Host.Planning;

/// <summary>Resolves a checked config against this host: interface indices, MACs, address and route specs.</summary>
public static class HostPlanner
{
    /// <summary>The VMACs the config asks for (created before planning, so their indices exist).</summary>
    public static IEnumerable<VmacPlan> Vmacs(KeepalivedConfig config, HostInventory host)
    {
        foreach (var i in config.Instances.Where(i => i.UseVmac && i.Interface is not null))
        {
            var parent = host.Link(i.Interface!) ?? throw new HostPlanException($"({i.Name}) interface {i.Interface} not found");
            var mac = VirtualMac.For(i.Family, (byte)i.VirtualRouterId).GetAddressBytes();
            yield return new VmacPlan(VmacName(i), parent.Index, mac);
        }
    }

    public static string VmacName(VrrpInstanceConfig i) => i.VmacName ?? $"vrrp.{i.VirtualRouterId}";

    public static ImmutableArray<InstancePlan> Plan(KeepalivedConfig config, ImmutableArray<InstanceSettings> engineInstances, HostInventory host)
    {
        var plans = ImmutableArray.CreateBuilder<InstancePlan>();
        foreach (var i in config.Instances)
        {
            var settings = engineInstances.Single(s => s.Name == i.Name);
            var baseLink = host.Link(settings.Interface) ?? throw new HostPlanException($"({i.Name}) interface {settings.Interface} not found");
            var vmacLink = i.UseVmac ? host.Link(VmacName(i)) : null;
            var announceLink = vmacLink ?? baseLink;
            // keepalived sends IPv4 adverts on the VMAC unless vmac_xmit_base; IPv6 always on the base interface.
            var sendLink = vmacLink is not null && !i.VmacXmitBase && i.Family == AddressFamily.InterNetwork ? vmacLink : baseLink;
            int DeviceIndex(string? dev) => dev is null
                ? announceLink.Index
                : host.Link(dev)?.Index ?? throw new HostPlanException($"({i.Name}) interface {dev} not found");

            var addresses = i.VirtualAddresses.Concat(i.ExcludedAddresses)
                .Select(v => new AddressSpec(v.Address, v.PrefixLength, DeviceIndex(v.Device), v.Label, v.Broadcast, Scope(v.Scope)))
                .ToImmutableArray();
            var routes = i.VirtualRoutes.Select(r => Route(r, DeviceIndex)).ToImmutableArray();
            var rules = i.VirtualRules.Select(Rule).ToImmutableArray();
            var unicast = !i.UnicastPeers.IsDefaultOrEmpty;
            plans.Add(new InstancePlan(i.Name, (byte)i.VirtualRouterId, i.Family, settings.Interface,
                new SocketKey(sendLink.Index, i.Family, unicast, settings.SourceAddress), announceLink.Index, announceLink.HardwareAddress,
                addresses, routes, rules, i.UseVmac ? new VmacPlan(VmacName(i), baseLink.Index, announceLink.HardwareAddress) : null));
        }
        return plans.ToImmutable();
    }

    /// <summary>static_ipaddress, static_routes and static_rules: set up at start, kept while running, removed at stop.</summary>
    public static HostObjects Static(KeepalivedConfig config, HostInventory host)
    {
        int DeviceIndex(string? dev, string what)
        {
            var name = dev ?? config.Global.DefaultInterface
                ?? throw new HostPlanException($"{what}: no dev given and no default_interface");
            return host.Link(name)?.Index ?? throw new HostPlanException($"{what}: interface {name} not found");
        }
        var addresses = config.StaticAddresses
            .Select(v => new AddressSpec(v.Address, v.PrefixLength, DeviceIndex(v.Device, $"static_ipaddress {v.Address}"), v.Label, v.Broadcast, Scope(v.Scope)))
            .ToImmutableArray();
        var routes = config.StaticRoutes.Select(r => Route(r, dev => DeviceIndex(dev, $"static route {r.Destination}"))).ToImmutableArray();
        var rules = config.StaticRules.Select(Rule).ToImmutableArray();
        return new HostObjects(addresses, routes, rules);
    }

    /// <summary>iproute2's scope names (rt_scopes), both ways: config words in, status text out.</summary>
    private static readonly (string Name, byte Value)[] Scopes =
    [
        ("global", RtaAttr.RT_SCOPE_UNIVERSE), ("site", RtaAttr.RT_SCOPE_SITE), ("link", RtaAttr.RT_SCOPE_LINK), ("host", 254), ("nowhere", 255),
    ];

    /// <summary>`scope` words as iproute2 knows them ("universe" is global's other name), or a number.</summary>
    public static byte Scope(string? scope)
    {
        if (scope is null or "universe") return RtaAttr.RT_SCOPE_UNIVERSE;
        foreach (var (name, value) in Scopes)
        {
            if (name == scope) return value;
        }
        return byte.TryParse(scope, NumberStyles.Integer, CultureInfo.InvariantCulture, out var b) ? b : RtaAttr.RT_SCOPE_UNIVERSE;
    }

    /// <summary>The scope as iproute2 and keepalived print it.</summary>
    public static string ScopeName(byte scope)
    {
        foreach (var (name, value) in Scopes)
        {
            if (value == scope) return name;
        }
        return scope.ToString(CultureInfo.InvariantCulture);
    }

    private static uint Table(string? table) => table switch
    {
        null or "main" => RtaAttr.RT_TABLE_MAIN,
        "local" => 255,
        "default" => 253,
        _ => uint.TryParse(table, NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) ? t : RtaAttr.RT_TABLE_MAIN,
    };

    private static byte RouteType(string? type) => type switch
    {
        "blackhole" => RtaAttr.RTN_BLACKHOLE,
        "unreachable" => RtaAttr.RTN_UNREACHABLE,
        "prohibit" => RtaAttr.RTN_PROHIBIT,
        _ => RtaAttr.RTN_UNICAST,
    };

    private static RouteSpec Route(VirtualRoute r, Func<string?, int> deviceIndex)
    {
        var family = (r.Destination ?? r.Via)?.AddressFamily ?? AddressFamily.InterNetwork;
        byte type = RouteType(r.Type);
        int dev = type == RtaAttr.RTN_UNICAST && (r.Device is not null || r.Via is null) ? deviceIndex(r.Device) : 0;
        return new RouteSpec(family, r.Destination, r.PrefixLength, r.Via, dev, r.Source,
            r.Metric is { } m ? (uint)m : null, Table(r.Table), Type: type);
    }

    private static RuleSpec Rule(VirtualRule r)
    {
        var family = (r.From ?? r.To)?.AddressFamily ?? AddressFamily.InterNetwork;
        uint? mark = null, mask = null;
        int k = r.Words.IndexOf("fwmark");
        if (k >= 0 && k + 1 < r.Words.Length)
        {
            var parts = r.Words[k + 1].Split('/');
            mark = ParseNumber(parts[0]);
            if (parts.Length > 1) mask = ParseNumber(parts[1]);
        }
        return new RuleSpec(family, r.From, r.FromPrefixLength ?? 0, r.To, r.ToPrefixLength ?? 0, Table(r.Table),
            r.Preference is { } p ? (uint)p : null, mark, mask);
    }

    private static uint? ParseNumber(string s)
        => s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? uint.Parse(s.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : uint.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
}

/// <summary>Addresses, routes and rules put on the host together: an instance's, or the static ones.</summary>
public sealed record HostObjects(ImmutableArray<AddressSpec> Addresses, ImmutableArray<RouteSpec> Routes, ImmutableArray<RuleSpec> Rules)
{
    public static readonly HostObjects Empty = new([], [], []);
}

/// <summary>The config cannot be applied to this host (a named interface is missing).</summary>
public sealed class HostPlanException(string message) : Exception(message);
