using System.Runtime.InteropServices;

namespace KeepalivedSharp.Linux;

/// <summary>AF_NETLINK / rtnetlink constants and sockaddr_nl (linux/netlink.h, linux/rtnetlink.h).</summary>
internal static partial class Interop
{
    internal const int NETLINK_ROUTE = 0;
    internal const int SOL_NETLINK = 270;
    internal const int NETLINK_ADD_MEMBERSHIP = 1;
    internal const int NETLINK_EXT_ACK = 11;

    internal const int RTMGRP_LINK = 0x1;
    internal const int RTMGRP_IPV4_IFADDR = 0x10;
    internal const int RTMGRP_IPV6_IFADDR = 0x100;

    [StructLayout(LayoutKind.Sequential)]
    internal struct sockaddr_nl
    {
        public ushort nl_family;
        public ushort nl_pad;
        public uint nl_pid;
        public uint nl_groups;
    }
}
