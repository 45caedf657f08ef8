using System.Net.Sockets;
using KeepalivedSharp.Linux.Native;
using KeepalivedSharp.Linux.Netlink;

namespace KeepalivedSharp.Linux.RtNetlink;

/// <summary>
/// rtnetlink requests over one <see cref="NetlinkSocket"/>: addresses, routes, rules and links.
/// Thread-safe (the socket serialises requests). Open it in the namespace it should act on.
/// </summary>
public sealed class RtNetlinkClient : IAddressManager, IRouteManager, IRuleManager, ILinkManager, IDisposable
{
    private readonly NetlinkSocket _socket;

    public RtNetlinkClient() : this(NetlinkSocket.Open()) { }

    public RtNetlinkClient(NetlinkSocket socket) => _socket = socket;

    public void Add(AddressSpec address)
        => _socket.Execute((b, s) => RtNetlinkRequests.Address(b, s, address, add: true), () => $"adding {address} to {Describe(address.InterfaceIndex)}");

    public void Remove(AddressSpec address)
        => _socket.Execute((b, s) => RtNetlinkRequests.Address(b, s, address, add: false), () => $"removing {address} from {Describe(address.InterfaceIndex)}");

    public IReadOnlyList<AddressInfo> List(AddressFamily? family = null)
    {
        var list = new List<AddressInfo>();
        var f = family is null ? (byte)Interop.AF_UNSPEC : RtNetlinkRequests.Family(family.Value);
        _socket.Dump(RtmType.RTM_GETADDR, f, m =>
        {
            if (m.Header.Type == RtmType.RTM_NEWADDR && RtNetlinkDecoder.TryDecodeAddress(m.Payload, out var a)) list.Add(a);
        }, "listing addresses");
        return list;
    }

    public void Add(RouteSpec route)
        => _socket.Execute((b, s) => RtNetlinkRequests.Route(b, s, route, add: true), () => $"adding route {route}");

    public void Remove(RouteSpec route)
        => _socket.Execute((b, s) => RtNetlinkRequests.Route(b, s, route, add: false), () => $"removing route {route}");

    public void Add(RuleSpec rule)
        => _socket.Execute((b, s) => RtNetlinkRequests.Rule(b, s, rule, add: true), () => $"adding {rule}");

    public void Remove(RuleSpec rule)
        => _socket.Execute((b, s) => RtNetlinkRequests.Rule(b, s, rule, add: false), () => $"removing {rule}");

    public IReadOnlyList<LinkInfo> List()
    {
        var list = new List<LinkInfo>();
        _socket.Dump(RtmType.RTM_GETLINK, (byte)Interop.AF_UNSPEC, m =>
        {
            if (m.Header.Type == RtmType.RTM_NEWLINK && RtNetlinkDecoder.TryDecodeLink(m.Payload, out var l)) list.Add(l);
        }, "listing links");
        return list;
    }

    public LinkInfo? Find(string name) => List().FirstOrDefault(l => l.Name == name);

    public LinkInfo CreateMacvlan(string name, int parentIndex, ReadOnlySpan<byte> mac)
    {
        var macCopy = mac.ToArray();
        _socket.Execute((b, s) => RtNetlinkRequests.CreateMacvlan(b, s, name, parentIndex, macCopy), () => $"creating macvlan {name} on {Describe(parentIndex)}");
        var link = Find(name) ?? throw new LinuxNativeException($"macvlan {name} vanished after creation", Errno.ENODEV);
        SetUp(link.Index, true);
        return Find(name) ?? link;
    }

    public void Delete(int index)
        => _socket.Execute((b, s) => RtNetlinkRequests.DeleteLink(b, s, index), () => $"deleting link {Describe(index)}");

    public void SetUp(int index, bool up)
        => _socket.Execute((b, s) => RtNetlinkRequests.SetLinkUp(b, s, index, up), () => $"setting {Describe(index)} {(up ? "up" : "down")}");

    /// <summary>"eth0" when the index resolves in this socket's namespace, else "ifindex N".</summary>
    private string Describe(int ifindex)
    {
        try
        {
            return List().FirstOrDefault(l => l.Index == ifindex)?.Name ?? $"ifindex {ifindex}";
        }
        catch (LinuxNativeException)
        {
            return $"ifindex {ifindex}";
        }
    }

    public void Dispose() => _socket.Dispose();
}
