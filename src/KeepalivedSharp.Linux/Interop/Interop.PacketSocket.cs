using System.Runtime.InteropServices;

namespace KeepalivedSharp.Linux;

/// <summary>AF_PACKET link-layer sockets (linux/if_packet.h, linux/if_ether.h).</summary>
internal static partial class Interop
{
    internal const int ETH_P_ALL = 0x0003;
    internal const int ETH_P_IP = 0x0800;
    internal const int ETH_P_ARP = 0x0806;
    internal const int ETH_P_IPV6 = 0x86DD;

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct sockaddr_ll
    {
        public ushort sll_family;
        public ushort sll_protocol;
        public int sll_ifindex;
        public ushort sll_hatype;
        public byte sll_pkttype;
        public byte sll_halen;
        public fixed byte sll_addr[8];
    }
}
