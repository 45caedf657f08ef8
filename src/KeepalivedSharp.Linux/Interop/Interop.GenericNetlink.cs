using System.Runtime.InteropServices;

namespace KeepalivedSharp.Linux;

/// <summary>Generic netlink: the controller family and struct genlmsghdr (linux/genetlink.h, linux/netlink.h).</summary>
internal static partial class Interop
{
    internal const int NETLINK_GENERIC = 16;

    /// <summary>The controller's fixed family id (GENL_ID_CTRL = NLMSG_MIN_TYPE).</summary>
    internal const int GENL_ID_CTRL = 0x10;
    internal const int GENL_NAMSIZ = 16;

    internal const int CTRL_CMD_NEWFAMILY = 1;
    internal const int CTRL_CMD_GETFAMILY = 3;

    internal const int CTRL_ATTR_FAMILY_ID = 1;
    internal const int CTRL_ATTR_FAMILY_NAME = 2;
    internal const int CTRL_ATTR_VERSION = 3;

    /// <summary>Set in a nested attribute's type (libnl's nla_nest_start does not; the kernel's IPVS parser accepts both).</summary>
    internal const int NLA_F_NESTED = 1 << 15;

    [StructLayout(LayoutKind.Sequential)]
    internal struct genlmsghdr
    {
        public byte cmd;
        public byte version;
        public ushort reserved;
    }
}
