namespace KeepalivedSharp.Linux.Netlink;

/// <summary>nlmsghdr types and flags (linux/netlink.h).</summary>
public static class NetlinkMessageType
{
    public const ushort NLMSG_NOOP = 1;
    public const ushort NLMSG_ERROR = 2;
    public const ushort NLMSG_DONE = 3;
    public const ushort NLMSG_OVERRUN = 4;
}

/// <summary>nlmsg_flags (linux/netlink.h).</summary>
public static class NetlinkFlags
{
    public const ushort NLM_F_REQUEST = 0x1;
    public const ushort NLM_F_MULTI = 0x2;
    public const ushort NLM_F_ACK = 0x4;
    public const ushort NLM_F_ROOT = 0x100;
    public const ushort NLM_F_MATCH = 0x200;
    public const ushort NLM_F_DUMP = 0x300;
    public const ushort NLM_F_REPLACE = 0x100;
    public const ushort NLM_F_EXCL = 0x200;
    public const ushort NLM_F_CREATE = 0x400;
    public const ushort NLM_F_APPEND = 0x800;
}

/// <summary>rtnetlink message types (linux/rtnetlink.h).</summary>
public static class RtmType
{
    public const ushort RTM_NEWLINK = 16;
    public const ushort RTM_DELLINK = 17;
    public const ushort RTM_GETLINK = 18;
    public const ushort RTM_SETLINK = 19;
    public const ushort RTM_NEWADDR = 20;
    public const ushort RTM_DELADDR = 21;
    public const ushort RTM_GETADDR = 22;
    public const ushort RTM_NEWROUTE = 24;
    public const ushort RTM_DELROUTE = 25;
    public const ushort RTM_GETROUTE = 26;
    public const ushort RTM_NEWRULE = 32;
    public const ushort RTM_DELRULE = 33;
    public const ushort RTM_GETRULE = 34;
}

/// <summary>Address attributes and flags (linux/if_addr.h).</summary>
public static class IfaAttr
{
    public const ushort IFA_ADDRESS = 1;
    public const ushort IFA_LOCAL = 2;
    public const ushort IFA_LABEL = 3;
    public const ushort IFA_BROADCAST = 4;
    public const ushort IFA_CACHEINFO = 6;
    public const ushort IFA_FLAGS = 8;

    public const uint IFA_F_SECONDARY = 0x01;
    public const uint IFA_F_NODAD = 0x02;
    public const uint IFA_F_DADFAILED = 0x08;
    public const uint IFA_F_TENTATIVE = 0x40;
    public const uint IFA_F_PERMANENT = 0x80;
    public const uint IFA_F_NOPREFIXROUTE = 0x200;
}

/// <summary>Link attributes, flags and macvlan settings (linux/if_link.h, linux/if.h).</summary>
public static class IflaAttr
{
    public const ushort IFLA_ADDRESS = 1;
    public const ushort IFLA_BROADCAST = 2;
    public const ushort IFLA_IFNAME = 3;
    public const ushort IFLA_MTU = 4;
    public const ushort IFLA_LINK = 5;
    public const ushort IFLA_MASTER = 10;
    public const ushort IFLA_OPERSTATE = 16;
    public const ushort IFLA_LINKINFO = 18;
    public const ushort IFLA_GROUP = 27;

    public const ushort IFLA_INFO_KIND = 1;
    public const ushort IFLA_INFO_DATA = 2;
    public const ushort IFLA_MACVLAN_MODE = 1;

    public const uint MACVLAN_MODE_PRIVATE = 1;
    public const uint MACVLAN_MODE_VEPA = 2;
    public const uint MACVLAN_MODE_BRIDGE = 4;

    public const uint IFF_UP = 0x1;
    public const uint IFF_BROADCAST = 0x2;
    public const uint IFF_LOOPBACK = 0x8;
    public const uint IFF_RUNNING = 0x40;
    public const uint IFF_MULTICAST = 0x1000;
    public const uint IFF_LOWER_UP = 0x10000;
}

/// <summary>Route attributes and rtmsg field values (linux/rtnetlink.h).</summary>
public static class RtaAttr
{
    public const ushort RTA_DST = 1;
    public const ushort RTA_SRC = 2;
    public const ushort RTA_IIF = 3;
    public const ushort RTA_OIF = 4;
    public const ushort RTA_GATEWAY = 5;
    public const ushort RTA_PRIORITY = 6;
    public const ushort RTA_PREFSRC = 7;
    public const ushort RTA_TABLE = 15;

    public const byte RT_TABLE_UNSPEC = 0;
    public const byte RT_TABLE_MAIN = 254;
    public const byte RT_TABLE_LOCAL = 255;

    public const byte RTPROT_BOOT = 3;
    public const byte RTPROT_STATIC = 4;
    /// <summary>keepalived marks its routes with protocol 18 ("keepalived" in rt_protos).</summary>
    public const byte RTPROT_KEEPALIVED = 18;

    public const byte RT_SCOPE_UNIVERSE = 0;
    public const byte RT_SCOPE_SITE = 200;
    public const byte RT_SCOPE_LINK = 253;
    public const byte RT_SCOPE_HOST = 254;
    public const byte RT_SCOPE_NOWHERE = 255;

    public const byte RTN_UNICAST = 1;
    public const byte RTN_LOCAL = 2;
    public const byte RTN_BROADCAST = 3;
    public const byte RTN_ANYCAST = 4;
    public const byte RTN_MULTICAST = 5;
    public const byte RTN_BLACKHOLE = 6;
    public const byte RTN_UNREACHABLE = 7;
    public const byte RTN_PROHIBIT = 8;
    public const byte RTN_THROW = 9;
}

/// <summary>Policy routing rule attributes and actions (linux/fib_rules.h).</summary>
public static class FraAttr
{
    public const ushort FRA_DST = 1;
    public const ushort FRA_SRC = 2;
    public const ushort FRA_IIFNAME = 3;
    public const ushort FRA_GOTO = 4;
    public const ushort FRA_PRIORITY = 6;
    public const ushort FRA_FWMARK = 10;
    public const ushort FRA_TABLE = 15;
    public const ushort FRA_FWMASK = 16;
    public const ushort FRA_OIFNAME = 17;

    public const byte FR_ACT_TO_TBL = 1;
    public const byte FR_ACT_GOTO = 2;
    public const byte FR_ACT_NOP = 3;
    public const byte FR_ACT_BLACKHOLE = 6;
    public const byte FR_ACT_UNREACHABLE = 7;
    public const byte FR_ACT_PROHIBIT = 8;
}
