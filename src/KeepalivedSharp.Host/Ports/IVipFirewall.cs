using KeepalivedSharp.Linux.Netlink;

namespace KeepalivedSharp.Host.Ports;

/// <summary>
/// Drops traffic to and from addresses that an instance without accept mode holds (keepalived's
/// vrrp_firewall.c: nftables in the daemon, a set in the simulator and tests). An address asked
/// for twice (two instances) is dropped until both have let it go.
/// </summary>
public interface IVipFirewall
{
    void Drop(IReadOnlyCollection<AddressSpec> addresses);

    void Accept(IReadOnlyCollection<AddressSpec> addresses);

    /// <summary>Removes everything it set up (at stop).</summary>
    void Release();
}
