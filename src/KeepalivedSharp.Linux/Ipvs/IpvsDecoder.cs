using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using KeepalivedSharp.Linux.Native;
using KeepalivedSharp.Linux.Netlink;

namespace KeepalivedSharp.Linux.Ipvs;

/// <summary>
/// Pure decoders of IPVS replies (ip_vs_ctl.c ip_vs_genl_fill_service / _fill_dest / GET_INFO / GET_CONFIG).
/// Bounded by the spans they are given; a short, truncated or incomplete message gives false, never an exception.
/// </summary>
public static class IpvsDecoder
{
    /// <summary>An IPVS_CMD_NEW_SERVICE dump message; false without the family and the service's identity.</summary>
    public static bool TryDecodeService(ReadOnlySpan<byte> payload, out IpvsService service)
    {
        service = null!;
        return Nest(payload, Interop.IPVS_CMD_NEW_SERVICE, Interop.IPVS_CMD_ATTR_SERVICE, out var attrs) && TryDecodeServiceAttributes(attrs, out service);
    }

    /// <summary>The attributes inside an IPVS_CMD_ATTR_SERVICE nest.</summary>
    public static bool TryDecodeServiceAttributes(ReadOnlySpan<byte> attributes, out IpvsService service)
    {
        service = null!;
        ushort af = 0, protocol = 0, port = 0;
        uint fwmark = 0, flags = 0, timeout = 0, netmask = uint.MaxValue;
        bool haveProtocol = false, havePort = false;
        ReadOnlySpan<byte> addr = default;
        string scheduler = "", pe = "";
        var r = new AttributeReader(attributes);
        while (r.TryRead(out var type, out var v))
        {
            switch (type)
            {
                case Interop.IPVS_SVC_ATTR_AF when v.Length >= 2: af = NativeEndian.ReadUInt16(v); break;
                case Interop.IPVS_SVC_ATTR_PROTOCOL when v.Length >= 2: protocol = NativeEndian.ReadUInt16(v); haveProtocol = true; break;
                case Interop.IPVS_SVC_ATTR_ADDR: addr = v; break;
                case Interop.IPVS_SVC_ATTR_PORT when v.Length >= 2: port = BinaryPrimitives.ReadUInt16BigEndian(v); havePort = true; break;
                case Interop.IPVS_SVC_ATTR_FWMARK when v.Length >= 4: fwmark = NativeEndian.ReadUInt32(v); break;
                case Interop.IPVS_SVC_ATTR_SCHED_NAME: scheduler = GenericNetlink.CString(v); break;
                case Interop.IPVS_SVC_ATTR_PE_NAME: pe = GenericNetlink.CString(v); break;
                case Interop.IPVS_SVC_ATTR_FLAGS when v.Length >= Marshal.SizeOf<Interop.ip_vs_flags>():
                    flags = MemoryMarshal.Read<Interop.ip_vs_flags>(v).flags & ~(uint)Interop.IP_VS_SVC_F_HASHED;
                    break;
                case Interop.IPVS_SVC_ATTR_TIMEOUT when v.Length >= 4: timeout = NativeEndian.ReadUInt32(v); break;
                case Interop.IPVS_SVC_ATTR_NETMASK when v.Length >= 4: netmask = NativeEndian.ReadUInt32(v); break;
            }
        }
        if (Family(af) is not { } family) return false;
        IPAddress? address = null;
        if (fwmark == 0)
        {
            if (!haveProtocol || !havePort || !TryAddress(addr, family, out var a)) return false;
            address = a;
        }
        service = new IpvsService(family, fwmark == 0 ? protocol : (ushort)0, address, fwmark == 0 ? port : (ushort)0, fwmark,
            scheduler, flags, timeout, netmask, pe.Length == 0 ? null : pe);
        return true;
    }

    /// <summary>
    /// An IPVS_CMD_NEW_DEST dump message; the address family comes from IPVS_DEST_ATTR_ADDR_FAMILY, else the
    /// service's (kernels before 3.18 leave it out). False without an address and port.
    /// </summary>
    public static bool TryDecodeDestination(ReadOnlySpan<byte> payload, AddressFamily serviceFamily, out IpvsDestination destination)
    {
        destination = null!;
        if (!Nest(payload, Interop.IPVS_CMD_NEW_DEST, Interop.IPVS_CMD_ATTR_DEST, out var attrs)) return false;
        ushort af = 0, port = 0, tunPort = 0, tunFlags = 0;
        bool havePort = false;
        uint method = 0, weight = 0, upper = 0, lower = 0, active = 0, inactive = 0, persistent = 0;
        byte tunType = 0;
        ReadOnlySpan<byte> addr = default;
        var r = new AttributeReader(attrs);
        while (r.TryRead(out var type, out var v))
        {
            switch (type)
            {
                case Interop.IPVS_DEST_ATTR_ADDR: addr = v; break;
                case Interop.IPVS_DEST_ATTR_PORT when v.Length >= 2: port = BinaryPrimitives.ReadUInt16BigEndian(v); havePort = true; break;
                case Interop.IPVS_DEST_ATTR_FWD_METHOD when v.Length >= 4: method = NativeEndian.ReadUInt32(v) & Interop.IP_VS_CONN_F_FWD_MASK; break;
                case Interop.IPVS_DEST_ATTR_WEIGHT when v.Length >= 4: weight = NativeEndian.ReadUInt32(v); break;
                case Interop.IPVS_DEST_ATTR_U_THRESH when v.Length >= 4: upper = NativeEndian.ReadUInt32(v); break;
                case Interop.IPVS_DEST_ATTR_L_THRESH when v.Length >= 4: lower = NativeEndian.ReadUInt32(v); break;
                case Interop.IPVS_DEST_ATTR_ACTIVE_CONNS when v.Length >= 4: active = NativeEndian.ReadUInt32(v); break;
                case Interop.IPVS_DEST_ATTR_INACT_CONNS when v.Length >= 4: inactive = NativeEndian.ReadUInt32(v); break;
                case Interop.IPVS_DEST_ATTR_PERSIST_CONNS when v.Length >= 4: persistent = NativeEndian.ReadUInt32(v); break;
                case Interop.IPVS_DEST_ATTR_ADDR_FAMILY when v.Length >= 2: af = NativeEndian.ReadUInt16(v); break;
                case Interop.IPVS_DEST_ATTR_TUN_TYPE when v.Length >= 1: tunType = v[0]; break;
                case Interop.IPVS_DEST_ATTR_TUN_PORT when v.Length >= 2: tunPort = BinaryPrimitives.ReadUInt16BigEndian(v); break;
                case Interop.IPVS_DEST_ATTR_TUN_FLAGS when v.Length >= 2: tunFlags = NativeEndian.ReadUInt16(v); break;
            }
        }
        var family = af == 0 ? serviceFamily : Family(af);
        if (family is not { } f || !havePort || !TryAddress(addr, f, out var address)) return false;
        // A tunnel's settings mean nothing for other methods; the kernel lists them for every destination.
        bool tunnel = method == Interop.IP_VS_CONN_F_TUNNEL;
        destination = new IpvsDestination(address, port, method, (int)Math.Min(weight, int.MaxValue), upper, lower,
            tunnel ? tunType : (byte)0, tunnel ? tunPort : (ushort)0, tunnel ? tunFlags : (ushort)0)
        {
            ActiveConnections = active,
            InactiveConnections = inactive,
            PersistentConnections = persistent,
        };
        return true;
    }

    /// <summary>The IPVS_CMD_SET_INFO reply to GET_INFO; false without the version.</summary>
    public static bool TryDecodeInfo(ReadOnlySpan<byte> payload, out IpvsInfo info)
    {
        info = default;
        if (!GenericNetlink.TryRead(payload, out var cmd, out var attrs) || cmd != Interop.IPVS_CMD_SET_INFO) return false;
        uint? version = null;
        uint size = 0;
        var r = new AttributeReader(attrs);
        while (r.TryRead(out var type, out var v))
        {
            if (type == Interop.IPVS_INFO_ATTR_VERSION && v.Length >= 4) version = NativeEndian.ReadUInt32(v);
            else if (type == Interop.IPVS_INFO_ATTR_CONN_TAB_SIZE && v.Length >= 4) size = NativeEndian.ReadUInt32(v);
        }
        if (version is not { } ver) return false;
        info = new IpvsInfo(ver, size);
        return true;
    }

    /// <summary>The IPVS_CMD_SET_CONFIG reply to GET_CONFIG; false without all three timeouts.</summary>
    public static bool TryDecodeTimeouts(ReadOnlySpan<byte> payload, out IpvsTimeouts timeouts)
    {
        timeouts = default;
        if (!GenericNetlink.TryRead(payload, out var cmd, out var attrs) || cmd != Interop.IPVS_CMD_SET_CONFIG) return false;
        uint? tcp = null, fin = null, udp = null;
        var r = new AttributeReader(attrs);
        while (r.TryRead(out var type, out var v))
        {
            if (v.Length < 4) continue;
            switch (type)
            {
                case Interop.IPVS_CMD_ATTR_TIMEOUT_TCP: tcp = NativeEndian.ReadUInt32(v); break;
                case Interop.IPVS_CMD_ATTR_TIMEOUT_TCP_FIN: fin = NativeEndian.ReadUInt32(v); break;
                case Interop.IPVS_CMD_ATTR_TIMEOUT_UDP: udp = NativeEndian.ReadUInt32(v); break;
            }
        }
        if (tcp is null || fin is null || udp is null) return false;
        timeouts = new IpvsTimeouts(tcp.Value, fin.Value, udp.Value);
        return true;
    }

    /// <summary>
    /// An IPVS_CMD_NEW_DAEMON dump message (ip_vs_ctl.c ip_vs_genl_fill_daemon); false without the state and
    /// interface. The kernel lists its defaults (maxlen, group, port, ttl) as it runs them.
    /// </summary>
    public static bool TryDecodeDaemon(ReadOnlySpan<byte> payload, out IpvsDaemon daemon)
    {
        daemon = null!;
        if (!Nest(payload, Interop.IPVS_CMD_NEW_DAEMON, Interop.IPVS_CMD_ATTR_DAEMON, out var attrs)) return false;
        uint state = 0, syncId = 0;
        ushort maxlen = 0, port = 0;
        byte ttl = 0;
        string? ifname = null;
        IPAddress? group = null;
        var r = new AttributeReader(attrs);
        while (r.TryRead(out var type, out var v))
        {
            switch (type)
            {
                case Interop.IPVS_DAEMON_ATTR_STATE when v.Length >= 4: state = NativeEndian.ReadUInt32(v); break;
                case Interop.IPVS_DAEMON_ATTR_MCAST_IFN: ifname = GenericNetlink.CString(v); break;
                case Interop.IPVS_DAEMON_ATTR_SYNC_ID when v.Length >= 4: syncId = NativeEndian.ReadUInt32(v); break;
                case Interop.IPVS_DAEMON_ATTR_SYNC_MAXLEN when v.Length >= 2: maxlen = NativeEndian.ReadUInt16(v); break;
                case Interop.IPVS_DAEMON_ATTR_MCAST_PORT when v.Length >= 2: port = NativeEndian.ReadUInt16(v); break;
                case Interop.IPVS_DAEMON_ATTR_MCAST_TTL when v.Length >= 1: ttl = v[0]; break;
                case Interop.IPVS_DAEMON_ATTR_MCAST_GROUP when v.Length >= 4: group = new IPAddress(v[..4]); break;
                case Interop.IPVS_DAEMON_ATTR_MCAST_GROUP6 when v.Length >= 16: group = new IPAddress(v[..16]); break;
            }
        }
        if (state is not (Interop.IP_VS_STATE_MASTER or Interop.IP_VS_STATE_BACKUP) || ifname is null) return false;
        daemon = new IpvsDaemon((IpvsDaemonState)state, ifname, (int)syncId, maxlen, port, ttl, group);
        return true;
    }

    /// <summary>The value of the top-level nest <paramref name="nest"/> of a reply with command <paramref name="command"/>.</summary>
    private static bool Nest(ReadOnlySpan<byte> payload, int command, int nest, out ReadOnlySpan<byte> attributes)
    {
        attributes = default;
        if (!GenericNetlink.TryRead(payload, out var cmd, out var top) || cmd != command) return false;
        var r = new AttributeReader(top);
        while (r.TryRead(out var type, out var v))
        {
            if (type != nest) continue;
            attributes = v;
            return true;
        }
        return false;
    }

    private static AddressFamily? Family(ushort af) => af switch
    {
        Interop.AF_INET => AddressFamily.InterNetwork,
        Interop.AF_INET6 => AddressFamily.InterNetworkV6,
        _ => null,
    };

    private static bool TryAddress(ReadOnlySpan<byte> value, AddressFamily family, out IPAddress address)
    {
        int n = family == AddressFamily.InterNetworkV6 ? 16 : 4;
        address = IPAddress.None;
        if (value.Length < n) return false;
        address = new IPAddress(value[..n]);
        return true;
    }
}
