using System.Runtime.InteropServices;

namespace KeepalivedSharp.Linux;

/// <summary>IPVS over generic netlink: commands, attributes and flags (linux/ip_vs.h; family "IPVS", version 1).</summary>
internal static partial class Interop
{
    internal const int IPVS_GENL_VERSION = 1;
    internal const int IP_VS_SCHEDNAME_MAXLEN = 16;
    internal const int IP_VS_PENAME_MAXLEN = 16;
    internal const int IP_VS_IFNAME_MAXLEN = 16;

    /// <summary>The sync daemon states (IPVS_DAEMON_ATTR_STATE); master and backup run side by side.</summary>
    internal const int IP_VS_STATE_NONE = 0;
    internal const int IP_VS_STATE_MASTER = 1;
    internal const int IP_VS_STATE_BACKUP = 2;

    internal const int IPVS_CMD_NEW_SERVICE = 1;
    internal const int IPVS_CMD_SET_SERVICE = 2;
    internal const int IPVS_CMD_DEL_SERVICE = 3;
    internal const int IPVS_CMD_GET_SERVICE = 4;
    internal const int IPVS_CMD_NEW_DEST = 5;
    internal const int IPVS_CMD_SET_DEST = 6;
    internal const int IPVS_CMD_DEL_DEST = 7;
    internal const int IPVS_CMD_GET_DEST = 8;
    internal const int IPVS_CMD_NEW_DAEMON = 9;
    internal const int IPVS_CMD_DEL_DAEMON = 10;
    internal const int IPVS_CMD_GET_DAEMON = 11;
    internal const int IPVS_CMD_SET_CONFIG = 12;
    internal const int IPVS_CMD_GET_CONFIG = 13;
    internal const int IPVS_CMD_SET_INFO = 14;
    internal const int IPVS_CMD_GET_INFO = 15;
    internal const int IPVS_CMD_ZERO = 16;
    internal const int IPVS_CMD_FLUSH = 17;

    internal const int IPVS_CMD_ATTR_SERVICE = 1;
    internal const int IPVS_CMD_ATTR_DEST = 2;
    internal const int IPVS_CMD_ATTR_DAEMON = 3;
    internal const int IPVS_CMD_ATTR_TIMEOUT_TCP = 4;
    internal const int IPVS_CMD_ATTR_TIMEOUT_TCP_FIN = 5;
    internal const int IPVS_CMD_ATTR_TIMEOUT_UDP = 6;

    internal const int IPVS_SVC_ATTR_AF = 1;
    internal const int IPVS_SVC_ATTR_PROTOCOL = 2;
    internal const int IPVS_SVC_ATTR_ADDR = 3;
    internal const int IPVS_SVC_ATTR_PORT = 4;
    internal const int IPVS_SVC_ATTR_FWMARK = 5;
    internal const int IPVS_SVC_ATTR_SCHED_NAME = 6;
    internal const int IPVS_SVC_ATTR_FLAGS = 7;
    internal const int IPVS_SVC_ATTR_TIMEOUT = 8;
    internal const int IPVS_SVC_ATTR_NETMASK = 9;
    internal const int IPVS_SVC_ATTR_STATS = 10;
    internal const int IPVS_SVC_ATTR_PE_NAME = 11;
    internal const int IPVS_SVC_ATTR_STATS64 = 12;

    internal const int IPVS_DEST_ATTR_ADDR = 1;
    internal const int IPVS_DEST_ATTR_PORT = 2;
    internal const int IPVS_DEST_ATTR_FWD_METHOD = 3;
    internal const int IPVS_DEST_ATTR_WEIGHT = 4;
    internal const int IPVS_DEST_ATTR_U_THRESH = 5;
    internal const int IPVS_DEST_ATTR_L_THRESH = 6;
    internal const int IPVS_DEST_ATTR_ACTIVE_CONNS = 7;
    internal const int IPVS_DEST_ATTR_INACT_CONNS = 8;
    internal const int IPVS_DEST_ATTR_PERSIST_CONNS = 9;
    internal const int IPVS_DEST_ATTR_STATS = 10;
    internal const int IPVS_DEST_ATTR_ADDR_FAMILY = 11;
    internal const int IPVS_DEST_ATTR_STATS64 = 12;
    internal const int IPVS_DEST_ATTR_TUN_TYPE = 13;
    internal const int IPVS_DEST_ATTR_TUN_PORT = 14;
    internal const int IPVS_DEST_ATTR_TUN_FLAGS = 15;

    internal const int IPVS_DAEMON_ATTR_STATE = 1;
    internal const int IPVS_DAEMON_ATTR_MCAST_IFN = 2;
    internal const int IPVS_DAEMON_ATTR_SYNC_ID = 3;
    internal const int IPVS_DAEMON_ATTR_SYNC_MAXLEN = 4;
    internal const int IPVS_DAEMON_ATTR_MCAST_GROUP = 5;
    internal const int IPVS_DAEMON_ATTR_MCAST_GROUP6 = 6;
    internal const int IPVS_DAEMON_ATTR_MCAST_PORT = 7;
    internal const int IPVS_DAEMON_ATTR_MCAST_TTL = 8;

    internal const int IPVS_INFO_ATTR_VERSION = 1;
    internal const int IPVS_INFO_ATTR_CONN_TAB_SIZE = 2;

    internal const int IP_VS_SVC_F_PERSISTENT = 0x0001;
    /// <summary>Kernel-internal: set on every listed service, never ours to send.</summary>
    internal const int IP_VS_SVC_F_HASHED = 0x0002;
    internal const int IP_VS_SVC_F_ONEPACKET = 0x0004;
    internal const int IP_VS_SVC_F_SCHED1 = 0x0008;
    internal const int IP_VS_SVC_F_SCHED2 = 0x0010;
    internal const int IP_VS_SVC_F_SCHED3 = 0x0020;

    internal const int IP_VS_CONN_F_FWD_MASK = 0x0007;
    internal const int IP_VS_CONN_F_MASQ = 0x0000;
    internal const int IP_VS_CONN_F_LOCALNODE = 0x0001;
    internal const int IP_VS_CONN_F_TUNNEL = 0x0002;
    internal const int IP_VS_CONN_F_DROUTE = 0x0003;

    internal const int IP_VS_CONN_F_TUNNEL_TYPE_IPIP = 0;
    internal const int IP_VS_CONN_F_TUNNEL_TYPE_GUE = 1;
    internal const int IP_VS_CONN_F_TUNNEL_TYPE_GRE = 2;

    /// <summary>IPVS_SVC_ATTR_FLAGS: the kernel sets (flags &amp; mask) and keeps the rest.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct ip_vs_flags
    {
        public uint flags;
        public uint mask;
    }
}
