using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Linux.Netlink;
using KeepalivedSharp.Linux.RtNetlink;

namespace KeepalivedSharp.Host.Planning;

/// <summary>The host's links and addresses, read once through rtnetlink.</summary>
public sealed class HostInventory
{
    private readonly Dictionary<string, LinkInfo> _links;
    private readonly IReadOnlyList<AddressInfo> _addresses;

    public HostInventory(ILinkManager links, IAddressManager addresses)
    {
        _links = links.List().ToDictionary(l => l.Name, StringComparer.Ordinal);
        _addresses = addresses.List();
    }

    public LinkInfo? Link(string name) => _links.GetValueOrDefault(name);

    /// <summary>
    /// The address keepalived sends from: the first primary IPv4 address of the interface, or its
    /// IPv6 link-local address.
    /// </summary>
    public IPAddress? PrimaryAddress(string name, AddressFamily family)
    {
        if (!_links.TryGetValue(name, out var link)) return null;
        var candidates = _addresses.Where(a => a.InterfaceIndex == link.Index && a.Family == family);
        return family == AddressFamily.InterNetworkV6
            ? candidates.FirstOrDefault(a => a.Address.IsIPv6LinkLocal)?.Address
            : candidates.FirstOrDefault(a => (a.Flags & IfaAttr.IFA_F_SECONDARY) == 0)?.Address;
    }
}
