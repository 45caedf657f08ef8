using System.Net;
using System.Net.Sockets;

namespace KeepalivedSharp.Linux.Netlink;

/// <summary>An interface address as RTM_NEWADDR / RTM_DELADDR describes it.</summary>
/// <param name="InterfaceIndex">ifa_index.</param>
/// <param name="Address">IFA_LOCAL for IPv4 (IFA_ADDRESS when absent), IFA_ADDRESS for IPv6.</param>
/// <param name="PrefixLength">ifa_prefixlen.</param>
/// <param name="Scope">ifa_scope (RT_SCOPE_*).</param>
/// <param name="Flags">IFA_FLAGS when present, else ifa_flags.</param>
/// <param name="Label">IFA_LABEL (IPv4 only).</param>
/// <param name="Broadcast">IFA_BROADCAST (IPv4 only).</param>
public sealed record AddressInfo(int InterfaceIndex, IPAddress Address, int PrefixLength, byte Scope, uint Flags, string? Label, IPAddress? Broadcast)
{
    public AddressFamily Family => Address.AddressFamily;

    public override string ToString() => $"{Address}/{PrefixLength} on ifindex {InterfaceIndex}";
}
