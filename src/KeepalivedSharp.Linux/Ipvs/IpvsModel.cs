using System.Net;
using System.Net.Sockets;

namespace KeepalivedSharp.Linux.Ipvs;

/// <summary>The IPVS generic netlink commands we send (IPVS_CMD_*, linux/ip_vs.h).</summary>
public enum IpvsCommand : byte
{
    NewService = Interop.IPVS_CMD_NEW_SERVICE,
    SetService = Interop.IPVS_CMD_SET_SERVICE,
    DelService = Interop.IPVS_CMD_DEL_SERVICE,
    GetService = Interop.IPVS_CMD_GET_SERVICE,
    NewDest = Interop.IPVS_CMD_NEW_DEST,
    SetDest = Interop.IPVS_CMD_SET_DEST,
    DelDest = Interop.IPVS_CMD_DEL_DEST,
    GetDest = Interop.IPVS_CMD_GET_DEST,
    NewDaemon = Interop.IPVS_CMD_NEW_DAEMON,
    DelDaemon = Interop.IPVS_CMD_DEL_DAEMON,
    GetDaemon = Interop.IPVS_CMD_GET_DAEMON,
    SetConfig = Interop.IPVS_CMD_SET_CONFIG,
    GetConfig = Interop.IPVS_CMD_GET_CONFIG,
    GetInfo = Interop.IPVS_CMD_GET_INFO,
    Flush = Interop.IPVS_CMD_FLUSH,
}

/// <summary>
/// A virtual service as IPVS holds it (the IPVS_CMD_ATTR_SERVICE nest). Identified by the family and
/// either <see cref="Fwmark"/> or (protocol, address, port). <see cref="Netmask"/> is the wire value:
/// IPv4 a mask in network byte order (0xffffffff), IPv6 a prefix length (128).
/// </summary>
public sealed record IpvsService(
    AddressFamily Family, ushort Protocol, IPAddress? Address, ushort Port, uint Fwmark,
    string Scheduler, uint Flags, uint Timeout, uint Netmask, string? PersistenceEngine = null)
{
    public bool IsFwmark => Fwmark != 0;

    public static IpvsService ForAddress(ushort protocol, IPAddress address, ushort port, string scheduler = "wlc") =>
        new(address.AddressFamily, protocol, address, port, 0, scheduler, 0, 0, DefaultNetmask(address.AddressFamily));

    public static IpvsService ForFwmark(uint fwmark, AddressFamily family, string scheduler = "wlc") =>
        new(family, 0, null, 0, fwmark, scheduler, 0, 0, DefaultNetmask(family));

    /// <summary>What keepalived sends without persistence_granularity (ipvswrapper.c ipvs_set_srule).</summary>
    public static uint DefaultNetmask(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? 128u : uint.MaxValue;

    /// <summary>keepalived's name of a service rule: <c>10.0.0.1:tcp:80</c>, <c>Fwm 5</c>, <c>Fwm 5 inet6</c> (ipvswrapper.c format_srule).</summary>
    public override string ToString()
    {
        if (IsFwmark) return $"Fwm {Fwmark}{(Family == AddressFamily.InterNetworkV6 ? " inet6" : "")}";
        var proto = Protocol switch { 6 => "tcp", 17 => "udp", 132 => "sctp", _ => Protocol.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        return $"{Address}:{proto}:{Port}";
    }
}

/// <summary>
/// A real server as IPVS holds it (the IPVS_CMD_ATTR_DEST nest). The connection counts are read only
/// (a dump fills them; requests leave them out).
/// </summary>
public sealed record IpvsDestination(
    IPAddress Address, ushort Port, uint ForwardMethod, int Weight, uint UpperThreshold = 0, uint LowerThreshold = 0,
    byte TunnelType = 0, ushort TunnelPort = 0, ushort TunnelFlags = 0)
{
    public uint ActiveConnections { get; init; }

    public uint InactiveConnections { get; init; }

    public uint PersistentConnections { get; init; }

    /// <summary>keepalived's name of a destination rule: <c>10.0.0.2:80</c> (ipvswrapper.c format_drule).</summary>
    public override string ToString() => $"{Address}:{Port}";
}

/// <summary>IPVS_CMD_GET_INFO: the IPVS version (0x010201 is 1.2.1) and the connection table size.</summary>
public readonly record struct IpvsInfo(uint Version, uint ConnectionTableSize)
{
    public override string ToString() => $"{Version >> 16}.{(Version >> 8) & 0xff}.{Version & 0xff} (size={ConnectionTableSize})";
}

/// <summary>IPVS_CMD_GET_CONFIG / SET_CONFIG: tcp, tcpfin and udp timeouts in seconds; 0 in a SET leaves one unchanged.</summary>
public readonly record struct IpvsTimeouts(uint Tcp, uint TcpFin, uint Udp);

/// <summary>Which sync daemon (IP_VS_STATE_*): the master sends connection updates, the backup receives them.</summary>
public enum IpvsDaemonState
{
    Master = Interop.IP_VS_STATE_MASTER,
    Backup = Interop.IP_VS_STATE_BACKUP,
}

/// <summary>
/// A connection sync daemon (the IPVS_CMD_ATTR_DAEMON nest; libipvs.c ipvs_daemon_t). 0 and null are
/// "not given": the kernel then uses its defaults (the interface's MTU, 224.0.0.81, port 8848, ttl 1).
/// <see cref="Port"/> is in host order: ip_vs_ctl.c reads IPVS_DAEMON_ATTR_MCAST_PORT with nla_get_u16.
/// </summary>
public sealed record IpvsDaemon(IpvsDaemonState State, string Interface, int SyncId,
    ushort MaxLength = 0, ushort Port = 0, byte Ttl = 0, IPAddress? Group = null)
{
    /// <summary>As ipvsadm --daemon prints it: <c>master sync daemon (mcast=eth0, syncid=1, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)</c>.</summary>
    public override string ToString()
        => $"{(State == IpvsDaemonState.Master ? "master" : "backup")} sync daemon (mcast={Interface}, syncid={SyncId}"
            + (MaxLength != 0 ? $", maxlen={MaxLength}" : "") + (Group is not null ? $", group={Group}" : "")
            + (Port != 0 ? $", port={Port}" : "") + (Ttl != 0 ? $", ttl={Ttl}" : "") + ")";
}
