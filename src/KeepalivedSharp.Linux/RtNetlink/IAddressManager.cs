using System.Net.Sockets;
using KeepalivedSharp.Linux.Netlink;

namespace KeepalivedSharp.Linux.RtNetlink;

/// <summary>Adds and removes interface addresses (virtual_ipaddress); errors name the address and device.</summary>
public interface IAddressManager
{
    void Add(AddressSpec address);

    void Remove(AddressSpec address);

    /// <summary>All addresses of one family (or both when null).</summary>
    IReadOnlyList<AddressInfo> List(AddressFamily? family = null);
}

/// <summary>Adds and removes routes (virtual_routes).</summary>
public interface IRouteManager
{
    void Add(RouteSpec route);

    void Remove(RouteSpec route);
}

/// <summary>Adds and removes policy routing rules (virtual_rules).</summary>
public interface IRuleManager
{
    void Add(RuleSpec rule);

    void Remove(RuleSpec rule);
}

/// <summary>Lists links and manages keepalived's VMAC (macvlan) interfaces.</summary>
public interface ILinkManager
{
    IReadOnlyList<LinkInfo> List();

    /// <summary>The link called <paramref name="name"/>, or null.</summary>
    LinkInfo? Find(string name);

    /// <summary>Creates a macvlan (mode private) on <paramref name="parentIndex"/> with <paramref name="mac"/>, sets it up, returns it.</summary>
    LinkInfo CreateMacvlan(string name, int parentIndex, ReadOnlySpan<byte> mac);

    void Delete(int index);

    void SetUp(int index, bool up);
}
