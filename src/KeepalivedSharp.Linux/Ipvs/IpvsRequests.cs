using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using KeepalivedSharp.Linux.Netlink;
using static KeepalivedSharp.Linux.Netlink.NetlinkFlags;

namespace KeepalivedSharp.Linux.Ipvs;

/// <summary>
/// Pure encoders of IPVS requests, attribute for attribute as keepalived's libipvs.c sends them
/// (ipvs_nl_fill_service_attr, ipvs_nl_fill_dest_attr) and as the kernel's ip_vs_ctl.c
/// ip_vs_genl_parse_service / ip_vs_genl_parse_dest read them. Commands ask for an ACK.
/// </summary>
public static class IpvsRequests
{
    /// <summary>union nf_inet_addr: 16 octets, an IPv4 address in the first 4.</summary>
    public const int AddressSize = 16;

    /// <summary>NEW_SERVICE / SET_SERVICE with the full service; DEL_SERVICE with its identity only (the kernel ignores the rest).</summary>
    public static ReadOnlySpan<byte> Service(Span<byte> buffer, uint seq, ushort family, IpvsCommand command, IpvsService service)
    {
        var w = Command(buffer, family, REQUEST_ACK, seq, command);
        AddService(ref w, service, full: command is IpvsCommand.NewService or IpvsCommand.SetService);
        return w.Finish();
    }

    /// <summary>NEW_DEST / SET_DEST with the full destination; DEL_DEST with its address and port. The service goes by identity.</summary>
    public static ReadOnlySpan<byte> Destination(Span<byte> buffer, uint seq, ushort family, IpvsCommand command, IpvsService service, IpvsDestination destination)
    {
        var w = Command(buffer, family, REQUEST_ACK, seq, command);
        AddService(ref w, service, full: false);
        AddDestination(ref w, destination, full: command is IpvsCommand.NewDest or IpvsCommand.SetDest);
        return w.Finish();
    }

    /// <summary>GET_SERVICE as a dump: every service, one IPVS_CMD_NEW_SERVICE message each.</summary>
    public static ReadOnlySpan<byte> DumpServices(Span<byte> buffer, uint seq, ushort family)
        => Command(buffer, family, NLM_F_REQUEST | NLM_F_DUMP, seq, IpvsCommand.GetService).Finish();

    /// <summary>GET_DEST as a dump: the destinations of one service (by identity).</summary>
    public static ReadOnlySpan<byte> DumpDestinations(Span<byte> buffer, uint seq, ushort family, IpvsService service)
    {
        var w = Command(buffer, family, NLM_F_REQUEST | NLM_F_DUMP, seq, IpvsCommand.GetDest);
        AddService(ref w, service, full: false);
        return w.Finish();
    }

    /// <summary>GET_INFO (libipvs ipvs_init's probe), GET_CONFIG (the timeouts) or FLUSH: no attributes.</summary>
    public static ReadOnlySpan<byte> Bare(Span<byte> buffer, uint seq, ushort family, IpvsCommand command)
        => Command(buffer, family, REQUEST_ACK, seq, command).Finish();

    /// <summary>SET_CONFIG: the three timeouts (0 leaves one unchanged, ip_vs_ctl.c ip_vs_set_timeout).</summary>
    public static ReadOnlySpan<byte> SetTimeouts(Span<byte> buffer, uint seq, ushort family, IpvsTimeouts t)
    {
        var w = Command(buffer, family, REQUEST_ACK, seq, IpvsCommand.SetConfig);
        w.AddU32(Interop.IPVS_CMD_ATTR_TIMEOUT_TCP, t.Tcp);
        w.AddU32(Interop.IPVS_CMD_ATTR_TIMEOUT_TCP_FIN, t.TcpFin);
        w.AddU32(Interop.IPVS_CMD_ATTR_TIMEOUT_UDP, t.Udp);
        return w.Finish();
    }

    /// <summary>
    /// NEW_DAEMON as libipvs.c ipvs_start_daemon sends it: state, interface and sync id always; maxlen, port,
    /// ttl and the group only when given (ip_vs_ctl.c ip_vs_genl_new_daemon needs the first three).
    /// </summary>
    public static ReadOnlySpan<byte> StartDaemon(Span<byte> buffer, uint seq, ushort family, IpvsDaemon d)
    {
        var w = Command(buffer, family, REQUEST_ACK, seq, IpvsCommand.NewDaemon);
        var nest = w.BeginNested(Interop.IPVS_CMD_ATTR_DAEMON, flagged: true);
        w.AddU32(Interop.IPVS_DAEMON_ATTR_STATE, (uint)d.State);
        w.AddString(Interop.IPVS_DAEMON_ATTR_MCAST_IFN, d.Interface);
        w.AddU32(Interop.IPVS_DAEMON_ATTR_SYNC_ID, (uint)d.SyncId);
        if (d.MaxLength != 0) w.AddU16(Interop.IPVS_DAEMON_ATTR_SYNC_MAXLEN, d.MaxLength);
        if (d.Port != 0) w.AddU16(Interop.IPVS_DAEMON_ATTR_MCAST_PORT, d.Port);
        if (d.Ttl != 0) w.AddU8(Interop.IPVS_DAEMON_ATTR_MCAST_TTL, d.Ttl);
        if (d.Group is { } g)
        {
            Span<byte> a = stackalloc byte[AddressSize];
            g.TryWriteBytes(a, out var n);
            w.Add(g.AddressFamily == AddressFamily.InterNetworkV6 ? (ushort)Interop.IPVS_DAEMON_ATTR_MCAST_GROUP6 : (ushort)Interop.IPVS_DAEMON_ATTR_MCAST_GROUP, a[..n]);
        }
        w.EndNested(nest);
        return w.Finish();
    }

    /// <summary>DEL_DAEMON as libipvs.c ipvs_stop_daemon: the state and sync id (the kernel reads the state only).</summary>
    public static ReadOnlySpan<byte> StopDaemon(Span<byte> buffer, uint seq, ushort family, IpvsDaemonState state, int syncId)
    {
        var w = Command(buffer, family, REQUEST_ACK, seq, IpvsCommand.DelDaemon);
        var nest = w.BeginNested(Interop.IPVS_CMD_ATTR_DAEMON, flagged: true);
        w.AddU32(Interop.IPVS_DAEMON_ATTR_STATE, (uint)state);
        w.AddU32(Interop.IPVS_DAEMON_ATTR_SYNC_ID, (uint)syncId);
        w.EndNested(nest);
        return w.Finish();
    }

    /// <summary>GET_DAEMON as a dump: one IPVS_CMD_NEW_DAEMON message per running daemon.</summary>
    public static ReadOnlySpan<byte> DumpDaemons(Span<byte> buffer, uint seq, ushort family)
        => Command(buffer, family, NLM_F_REQUEST | NLM_F_DUMP, seq, IpvsCommand.GetDaemon).Finish();

    private const ushort REQUEST_ACK = NLM_F_REQUEST | NLM_F_ACK;

    private static NetlinkWriter Command(Span<byte> buffer, ushort family, ushort flags, uint seq, IpvsCommand command)
        => GenericNetlink.Begin(buffer, family, flags, seq, (byte)command, Interop.IPVS_GENL_VERSION);

    private static void AddService(ref NetlinkWriter w, IpvsService s, bool full)
    {
        var nest = w.BeginNested(Interop.IPVS_CMD_ATTR_SERVICE, flagged: true);
        w.AddU16(Interop.IPVS_SVC_ATTR_AF, AddressFamilyOf(s.Family));
        if (s.IsFwmark)
        {
            w.AddU32(Interop.IPVS_SVC_ATTR_FWMARK, s.Fwmark);
        }
        else
        {
            w.AddU16(Interop.IPVS_SVC_ATTR_PROTOCOL, s.Protocol);
            AddAddress(ref w, Interop.IPVS_SVC_ATTR_ADDR, s.Address ?? throw new ArgumentException("an address service needs an address", nameof(s)));
            w.AddBe16(Interop.IPVS_SVC_ATTR_PORT, s.Port);
        }
        if (full)
        {
            w.AddString(Interop.IPVS_SVC_ATTR_SCHED_NAME, s.Scheduler);
            if (!string.IsNullOrEmpty(s.PersistenceEngine)) w.AddString(Interop.IPVS_SVC_ATTR_PE_NAME, s.PersistenceEngine);
            var flags = new Interop.ip_vs_flags { flags = s.Flags, mask = uint.MaxValue };
            Span<byte> f = stackalloc byte[Marshal.SizeOf<Interop.ip_vs_flags>()];
            MemoryMarshal.Write(f, in flags);
            w.Add(Interop.IPVS_SVC_ATTR_FLAGS, f);
            w.AddU32(Interop.IPVS_SVC_ATTR_TIMEOUT, s.Timeout);
            // ip_vs_ctl.c reads it with nla_get_be32 and keepalived keeps it in that order already: the raw u32.
            w.AddU32(Interop.IPVS_SVC_ATTR_NETMASK, s.Netmask);
        }
        w.EndNested(nest);
    }

    private static void AddDestination(ref NetlinkWriter w, IpvsDestination d, bool full)
    {
        var nest = w.BeginNested(Interop.IPVS_CMD_ATTR_DEST, flagged: true);
        w.AddU16(Interop.IPVS_DEST_ATTR_ADDR_FAMILY, AddressFamilyOf(d.Address.AddressFamily));
        AddAddress(ref w, Interop.IPVS_DEST_ATTR_ADDR, d.Address);
        w.AddBe16(Interop.IPVS_DEST_ATTR_PORT, d.Port);
        if (full)
        {
            w.AddU32(Interop.IPVS_DEST_ATTR_FWD_METHOD, d.ForwardMethod & Interop.IP_VS_CONN_F_FWD_MASK);
            w.AddU32(Interop.IPVS_DEST_ATTR_WEIGHT, (uint)d.Weight);
            if ((d.ForwardMethod & Interop.IP_VS_CONN_F_FWD_MASK) == Interop.IP_VS_CONN_F_TUNNEL)
            {
                w.AddU8(Interop.IPVS_DEST_ATTR_TUN_TYPE, d.TunnelType);
                if (d.TunnelType == Interop.IP_VS_CONN_F_TUNNEL_TYPE_GUE) w.AddBe16(Interop.IPVS_DEST_ATTR_TUN_PORT, d.TunnelPort);
                if (d.TunnelType != Interop.IP_VS_CONN_F_TUNNEL_TYPE_IPIP) w.AddU16(Interop.IPVS_DEST_ATTR_TUN_FLAGS, d.TunnelFlags);
            }
            w.AddU32(Interop.IPVS_DEST_ATTR_U_THRESH, d.UpperThreshold);
            w.AddU32(Interop.IPVS_DEST_ATTR_L_THRESH, d.LowerThreshold);
        }
        w.EndNested(nest);
    }

    private static void AddAddress(ref NetlinkWriter w, ushort type, IPAddress address)
    {
        Span<byte> a = stackalloc byte[AddressSize];
        a.Clear();
        address.TryWriteBytes(a, out _);
        w.Add(type, a);
    }

    internal static ushort AddressFamilyOf(AddressFamily f) => f == AddressFamily.InterNetworkV6 ? (ushort)Interop.AF_INET6 : (ushort)Interop.AF_INET;
}
