namespace KeepalivedSharp.Linux.Netlink;

/// <summary>An interface as RTM_NEWLINK describes it.</summary>
/// <param name="Index">ifindex.</param>
/// <param name="Name">IFLA_IFNAME.</param>
/// <param name="Flags">ifi_flags (IFF_UP, IFF_RUNNING, IFF_LOWER_UP...).</param>
/// <param name="HardwareAddress">IFLA_ADDRESS (6 octets for Ethernet), empty when the link has none.</param>
/// <param name="Mtu">IFLA_MTU, 0 when absent.</param>
/// <param name="Kind">IFLA_INFO_KIND ("veth", "macvlan", "bridge"), null for plain devices.</param>
/// <param name="ParentIndex">IFLA_LINK (a macvlan's lower device), 0 when absent.</param>
/// <param name="MacvlanMode">IFLA_MACVLAN_MODE for macvlan links, 0 otherwise.</param>
public sealed record LinkInfo(int Index, string Name, uint Flags, byte[] HardwareAddress, int Mtu, string? Kind, int ParentIndex, uint MacvlanMode)
{
    public bool IsUp => (Flags & IflaAttr.IFF_UP) != 0;

    /// <summary>Up and running (carrier), the condition keepalived treats as "interface up".</summary>
    public bool IsRunning => (Flags & (IflaAttr.IFF_UP | IflaAttr.IFF_RUNNING)) == (IflaAttr.IFF_UP | IflaAttr.IFF_RUNNING);

    public string Mac => string.Join(':', HardwareAddress.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
}
