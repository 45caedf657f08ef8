using System.Net;
using System.Text;
using KeepalivedSharp.Linux.Native;

namespace KeepalivedSharp.Linux.Netlink;

/// <summary>Pure decoders for RTM_NEWLINK/DELLINK and RTM_NEWADDR/DELADDR payloads.</summary>
public static class RtNetlinkDecoder
{
    /// <summary>Decodes an ifinfomsg payload with its attributes; false when too short or nameless.</summary>
    public static bool TryDecodeLink(ReadOnlySpan<byte> payload, out LinkInfo link)
    {
        link = null!;
        if (payload.Length < IfInfoMsg.Size) return false;
        var ifi = IfInfoMsg.Read(payload);
        string? name = null, kind = null;
        byte[] mac = [];
        int mtu = 0, parent = 0;
        uint mode = 0;
        var attrs = new AttributeReader(payload[NetlinkHeader.Align(IfInfoMsg.Size)..]);
        while (attrs.TryRead(out var type, out var value))
        {
            switch (type)
            {
                case IflaAttr.IFLA_IFNAME: name = CString(value); break;
                case IflaAttr.IFLA_ADDRESS: mac = value.ToArray(); break;
                case IflaAttr.IFLA_MTU when value.Length >= 4: mtu = NativeEndian.ReadInt32(value); break;
                case IflaAttr.IFLA_LINK when value.Length >= 4: parent = NativeEndian.ReadInt32(value); break;
                case IflaAttr.IFLA_LINKINFO: (kind, mode) = LinkKind(value); break;
            }
        }
        if (name is null) return false;
        link = new LinkInfo(ifi.Index, name, ifi.Flags, mac, mtu, kind, parent, mode);
        return true;
    }

    /// <summary>Decodes an ifaddrmsg payload with its attributes; false when too short or addressless.</summary>
    public static bool TryDecodeAddress(ReadOnlySpan<byte> payload, out AddressInfo address)
    {
        address = null!;
        if (payload.Length < IfAddrMsg.Size) return false;
        var ifa = IfAddrMsg.Read(payload);
        var addrLen = ifa.Family == Interop.AF_INET6 ? 16 : ifa.Family == Interop.AF_INET ? 4 : 0;
        if (addrLen == 0) return false;
        IPAddress? local = null, addr = null, brd = null;
        string? label = null;
        uint flags = ifa.Flags;
        var attrs = new AttributeReader(payload[NetlinkHeader.Align(IfAddrMsg.Size)..]);
        while (attrs.TryRead(out var type, out var value))
        {
            switch (type)
            {
                case IfaAttr.IFA_LOCAL when value.Length == addrLen: local = new IPAddress(value); break;
                case IfaAttr.IFA_ADDRESS when value.Length == addrLen: addr = new IPAddress(value); break;
                case IfaAttr.IFA_BROADCAST when value.Length == addrLen: brd = new IPAddress(value); break;
                case IfaAttr.IFA_LABEL: label = CString(value); break;
                case IfaAttr.IFA_FLAGS when value.Length >= 4: flags = NativeEndian.ReadUInt32(value); break;
            }
        }
        // IPv4: IFA_LOCAL is the interface address, IFA_ADDRESS the peer on point-to-point links.
        var chosen = local ?? addr;
        if (chosen is null) return false;
        address = new AddressInfo(ifa.Index, chosen, ifa.PrefixLength, ifa.Scope, flags, label, brd);
        return true;
    }

    private static (string? Kind, uint Mode) LinkKind(ReadOnlySpan<byte> linkinfo)
    {
        string? kind = null;
        uint mode = 0;
        var r = new AttributeReader(linkinfo);
        while (r.TryRead(out var type, out var value))
        {
            if (type == IflaAttr.IFLA_INFO_KIND) kind = CString(value);
            else if (type == IflaAttr.IFLA_INFO_DATA)
            {
                var d = new AttributeReader(value);
                while (d.TryRead(out var t, out var v))
                    if (t == IflaAttr.IFLA_MACVLAN_MODE && v.Length >= 4) mode = NativeEndian.ReadUInt32(v);
            }
        }
        return (kind, kind == "macvlan" ? mode : 0);
    }

    private static string CString(ReadOnlySpan<byte> value)
    {
        var nul = value.IndexOf((byte)0);
        return Encoding.UTF8.GetString(nul >= 0 ? value[..nul] : value);
    }
}
