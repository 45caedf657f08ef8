using System.Runtime.InteropServices;

namespace KeepalivedSharp.Linux;

/// <summary>IPv4 and IPv6 socket options and their structs (netinet/in.h).</summary>
internal static partial class Interop
{
    internal const int IP_TOS = 1;
    internal const int IP_TTL = 2;
    internal const int IP_HDRINCL = 3;
    internal const int IP_PKTINFO = 8;
    internal const int IP_FREEBIND = 15;
    internal const int IP_MULTICAST_IF = 32;
    internal const int IP_MULTICAST_TTL = 33;
    internal const int IP_MULTICAST_LOOP = 34;
    internal const int IP_ADD_MEMBERSHIP = 35;
    internal const int IP_DROP_MEMBERSHIP = 36;
    internal const int IP_MULTICAST_ALL = 49;

    internal const int IPV6_CHECKSUM = 7;
    internal const int IPV6_UNICAST_HOPS = 16;
    internal const int IPV6_MULTICAST_IF = 17;
    internal const int IPV6_MULTICAST_HOPS = 18;
    internal const int IPV6_MULTICAST_LOOP = 19;
    internal const int IPV6_ADD_MEMBERSHIP = 20;
    internal const int IPV6_DROP_MEMBERSHIP = 21;
    internal const int IPV6_MULTICAST_ALL = 29;
    internal const int IPV6_RECVPKTINFO = 49;
    internal const int IPV6_PKTINFO = 50;
    internal const int IPV6_RECVHOPLIMIT = 51;
    internal const int IPV6_HOPLIMIT = 52;
    internal const int IPV6_TCLASS = 67;
    internal const int IPV6_FREEBIND = 78;

    /// <summary>IPTOS_PREC_INTERNETCONTROL, the TOS / traffic class keepalived gives VRRP.</summary>
    internal const int IPTOS_PREC_INTERNETCONTROL = 0xc0;

    [StructLayout(LayoutKind.Sequential)]
    internal struct ip_mreqn
    {
        public uint imr_multiaddr;
        public uint imr_address;
        public int imr_ifindex;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct ipv6_mreq
    {
        public fixed byte ipv6mr_multiaddr[16];
        public int ipv6mr_interface;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct in_pktinfo
    {
        public int ipi_ifindex;
        public uint ipi_spec_dst;
        public uint ipi_addr;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct in6_pktinfo
    {
        public fixed byte ipi6_addr[16];
        public int ipi6_ifindex;
    }
}
