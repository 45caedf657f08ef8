using System.Net;
using System.Net.Sockets;

namespace KeepalivedSharp.Linux.Vrrp;

/// <summary>How to open a VRRP socket for one instance.</summary>
/// <param name="Family">InterNetwork (VRRP over IPv4) or InterNetworkV6.</param>
/// <param name="InterfaceIndex">The instance's interface (or its VMAC).</param>
/// <param name="SourceAddress">mcast_src_ip / unicast_src_ip; null lets the kernel choose the primary address.</param>
/// <param name="Unicast">
/// Unicast peers: the receive socket binds to <paramref name="SourceAddress"/> (IP_FREEBIND, so the address
/// may appear later) instead of joining the group, as keepalived does.
/// </param>
/// <param name="ReceiveBufferSize">SO_RCVBUF for the receive socket, 0 keeps the kernel default.</param>
public sealed record VrrpSocketOptions(
    AddressFamily Family,
    int InterfaceIndex,
    IPAddress? SourceAddress = null,
    bool Unicast = false,
    int ReceiveBufferSize = 0,
    IPAddress? McastGroup = null)
{
    /// <summary>224.0.0.18 (RFC 3768 5.2.2 / RFC 5798 5.1.1.2).</summary>
    public static readonly IPAddress GroupV4 = IPAddress.Parse("224.0.0.18");

    /// <summary>ff02::12 (RFC 5798 5.1.2.2).</summary>
    public static readonly IPAddress GroupV6 = IPAddress.Parse("ff02::12");

    /// <summary>The group joined and sent to: mcast_dst_ip / vrrp_mcast_group4|6, else the RFC group.</summary>
    public IPAddress Group => McastGroup ?? DefaultGroup(Family);

    public static IPAddress DefaultGroup(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? GroupV6 : GroupV4;
}
