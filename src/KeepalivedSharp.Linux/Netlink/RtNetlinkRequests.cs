using System.Net;
using System.Net.Sockets;
using static KeepalivedSharp.Linux.Netlink.NetlinkFlags;

namespace KeepalivedSharp.Linux.Netlink;

/// <summary>
/// Pure encoders for the rtnetlink requests we make; every one asks for an ACK (NLM_F_ACK) so failures
/// come back as errors. Field choices follow keepalived 2.2.7 (vrrp_ipaddress.c, vrrp_iproute.c, vrrp_vmac.c).
/// </summary>
public static class RtNetlinkRequests
{
    public static byte Family(AddressFamily f) => f == AddressFamily.InterNetworkV6 ? (byte)Interop.AF_INET6 : (byte)Interop.AF_INET;

    /// <summary>RTM_NEWADDR / RTM_DELADDR. IPv6 adds get IFA_F_NODAD like keepalived (no DAD for VIPs).</summary>
    public static ReadOnlySpan<byte> Address(Span<byte> buffer, uint seq, AddressSpec a, bool add)
    {
        var w = new NetlinkWriter(buffer, add ? RtmType.RTM_NEWADDR : RtmType.RTM_DELADDR,
            (ushort)(NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_EXCL : 0)), seq);
        var v6 = a.Family == AddressFamily.InterNetworkV6;
        new IfAddrMsg(Family(a.Family), (byte)a.PrefixLength, 0, a.Scope, a.InterfaceIndex).Write(w.AddFamilyHeader(IfAddrMsg.Size));
        Span<byte> addr = stackalloc byte[16];
        a.Address.TryWriteBytes(addr, out var n);
        w.Add(IfaAttr.IFA_LOCAL, addr[..n]);
        if (add)
        {
            if (v6) w.AddU32(IfaAttr.IFA_FLAGS, IfaAttr.IFA_F_NODAD);
            if (!v6 && a.Broadcast is { } brd)
            {
                Span<byte> b = stackalloc byte[4];
                brd.TryWriteBytes(b, out _);
                w.Add(IfaAttr.IFA_BROADCAST, b);
            }
            if (!v6 && a.Label is { } label) w.AddString(IfaAttr.IFA_LABEL, label);
        }
        // IPv4: IFA_ADDRESS = IFA_LOCAL (no peer), as iproute2 sends it.
        if (!v6) w.Add(IfaAttr.IFA_ADDRESS, addr[..n]);
        return w.Finish();
    }

    /// <summary>RTM_NEWROUTE (create, fail if present) / RTM_DELROUTE.</summary>
    public static ReadOnlySpan<byte> Route(Span<byte> buffer, uint seq, RouteSpec r, bool add)
    {
        var w = new NetlinkWriter(buffer, add ? RtmType.RTM_NEWROUTE : RtmType.RTM_DELROUTE,
            (ushort)(NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_EXCL : 0)), seq);
        var table = r.Table > 255 ? RtaAttr.RT_TABLE_UNSPEC : (byte)r.Table;
        // On delete, scope NOWHERE matches any scope (as `ip route del` does).
        var scope = add ? r.Scope : RtaAttr.RT_SCOPE_NOWHERE;
        new RtMsg(Family(r.Family), r.Destination is null ? (byte)0 : (byte)r.PrefixLength, 0, 0, table, add ? r.Protocol : (byte)0, scope, r.Type, 0)
            .Write(w.AddFamilyHeader(RtMsg.Size));
        AddAddress(ref w, RtaAttr.RTA_DST, r.Destination);
        AddAddress(ref w, RtaAttr.RTA_GATEWAY, r.Gateway);
        AddAddress(ref w, RtaAttr.RTA_PREFSRC, r.PreferredSource);
        if (r.InterfaceIndex != 0) w.AddU32(RtaAttr.RTA_OIF, (uint)r.InterfaceIndex);
        if (r.Metric is { } m) w.AddU32(RtaAttr.RTA_PRIORITY, m);
        if (r.Table > 255) w.AddU32(RtaAttr.RTA_TABLE, r.Table);
        return w.Finish();
    }

    /// <summary>RTM_NEWRULE / RTM_DELRULE.</summary>
    public static ReadOnlySpan<byte> Rule(Span<byte> buffer, uint seq, RuleSpec r, bool add)
    {
        var w = new NetlinkWriter(buffer, add ? RtmType.RTM_NEWRULE : RtmType.RTM_DELRULE,
            (ushort)(NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_EXCL : 0)), seq);
        var table = r.Table > 255 ? RtaAttr.RT_TABLE_UNSPEC : (byte)r.Table;
        new FibRuleHdr(Family(r.Family), r.To is null ? (byte)0 : (byte)r.ToPrefixLength, r.From is null ? (byte)0 : (byte)r.FromPrefixLength, 0, table, r.Action, 0)
            .Write(w.AddFamilyHeader(FibRuleHdr.Size));
        AddAddress(ref w, FraAttr.FRA_SRC, r.From);
        AddAddress(ref w, FraAttr.FRA_DST, r.To);
        if (r.Priority is { } p) w.AddU32(FraAttr.FRA_PRIORITY, p);
        if (r.FwMark is { } mark) w.AddU32(FraAttr.FRA_FWMARK, mark);
        if (r.FwMask is { } mask) w.AddU32(FraAttr.FRA_FWMASK, mask);
        if (r.InInterface is { } iif) w.AddString(FraAttr.FRA_IIFNAME, iif);
        if (r.OutInterface is { } oif) w.AddString(FraAttr.FRA_OIFNAME, oif);
        if (r.Table > 255 || r.Action == FraAttr.FR_ACT_TO_TBL) w.AddU32(FraAttr.FRA_TABLE, r.Table);
        return w.Finish();
    }

    /// <summary>
    /// RTM_NEWLINK creating a macvlan for use_vmac: mode private, the given MAC, linked to the parent
    /// (keepalived vrrp_vmac.c). Group copying and VRF are left to the caller.
    /// </summary>
    public static ReadOnlySpan<byte> CreateMacvlan(Span<byte> buffer, uint seq, string name, int parentIndex, ReadOnlySpan<byte> mac, uint mode = IflaAttr.MACVLAN_MODE_PRIVATE)
    {
        var w = new NetlinkWriter(buffer, RtmType.RTM_NEWLINK, (ushort)(NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL), seq);
        new IfInfoMsg((byte)Interop.AF_UNSPEC, 0, 0, 0, 0).Write(w.AddFamilyHeader(IfInfoMsg.Size));
        var linkinfo = w.BeginNested(IflaAttr.IFLA_LINKINFO);
        w.AddStringNoNul(IflaAttr.IFLA_INFO_KIND, "macvlan");
        var data = w.BeginNested(IflaAttr.IFLA_INFO_DATA);
        w.AddU32(IflaAttr.IFLA_MACVLAN_MODE, mode);
        w.EndNested(data);
        w.EndNested(linkinfo);
        w.AddU32(IflaAttr.IFLA_LINK, (uint)parentIndex);
        w.AddString(IflaAttr.IFLA_IFNAME, name);
        w.Add(IflaAttr.IFLA_ADDRESS, mac);
        return w.Finish();
    }

    /// <summary>RTM_DELLINK by index.</summary>
    public static ReadOnlySpan<byte> DeleteLink(Span<byte> buffer, uint seq, int index)
    {
        var w = new NetlinkWriter(buffer, RtmType.RTM_DELLINK, NLM_F_REQUEST | NLM_F_ACK, seq);
        new IfInfoMsg((byte)Interop.AF_UNSPEC, 0, index, 0, 0).Write(w.AddFamilyHeader(IfInfoMsg.Size));
        return w.Finish();
    }

    /// <summary>RTM_NEWLINK changing only IFF_UP (ifi_change masks the flag).</summary>
    public static ReadOnlySpan<byte> SetLinkUp(Span<byte> buffer, uint seq, int index, bool up)
    {
        var w = new NetlinkWriter(buffer, RtmType.RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, seq);
        new IfInfoMsg((byte)Interop.AF_UNSPEC, 0, index, up ? IflaAttr.IFF_UP : 0, IflaAttr.IFF_UP).Write(w.AddFamilyHeader(IfInfoMsg.Size));
        return w.Finish();
    }

    /// <summary>A dump request (RTM_GETLINK, RTM_GETADDR...) for one family or AF_UNSPEC.</summary>
    public static ReadOnlySpan<byte> Dump(Span<byte> buffer, uint seq, ushort type, byte family)
    {
        var w = new NetlinkWriter(buffer, type, NLM_F_REQUEST | NLM_F_DUMP, seq);
        var size = type == RtmType.RTM_GETLINK ? IfInfoMsg.Size : type == RtmType.RTM_GETADDR ? IfAddrMsg.Size : RtMsg.Size;
        w.AddFamilyHeader(size)[0] = family;
        return w.Finish();
    }

    private static void AddAddress(ref NetlinkWriter w, ushort type, IPAddress? a)
    {
        if (a is null) return;
        Span<byte> b = stackalloc byte[16];
        a.TryWriteBytes(b, out var n);
        w.Add(type, b[..n]);
    }
}
