using System.Net;
using System.Net.Sockets;

namespace KeepalivedSharp.Linux.Netlink;

/// <summary>An address to add or remove (keepalived virtual_ipaddress entry).</summary>
/// <param name="Address">The address.</param>
/// <param name="PrefixLength">Prefix length (32 / 128 when keepalived's config gives none).</param>
/// <param name="InterfaceIndex">dev.</param>
/// <param name="Label">label (IPv4 only), e.g. "eth0:1".</param>
/// <param name="Broadcast">brd (IPv4 only).</param>
/// <param name="Scope">scope (RT_SCOPE_*); 0 = global.</param>
public sealed record AddressSpec(IPAddress Address, int PrefixLength, int InterfaceIndex, string? Label = null, IPAddress? Broadcast = null, byte Scope = 0)
{
    public AddressFamily Family => Address.AddressFamily;

    public override string ToString() => $"{Address}/{PrefixLength}";
}

/// <summary>A route (keepalived virtual_routes entry).</summary>
/// <param name="Family">Address family (needed for "default" routes).</param>
/// <param name="Destination">dst, null for default.</param>
/// <param name="PrefixLength">dst prefix length.</param>
/// <param name="Gateway">via.</param>
/// <param name="InterfaceIndex">dev, 0 for none.</param>
/// <param name="PreferredSource">src.</param>
/// <param name="Metric">metric / preference.</param>
/// <param name="Table">table (RT_TABLE_MAIN by default); above 255 goes in RTA_TABLE.</param>
/// <param name="Scope">scope.</param>
/// <param name="Type">RTN_UNICAST, RTN_BLACKHOLE, RTN_UNREACHABLE, RTN_PROHIBIT...</param>
/// <param name="Protocol">proto; keepalived uses RTPROT_KEEPALIVED (18).</param>
public sealed record RouteSpec(
    AddressFamily Family,
    IPAddress? Destination,
    int PrefixLength,
    IPAddress? Gateway = null,
    int InterfaceIndex = 0,
    IPAddress? PreferredSource = null,
    uint? Metric = null,
    uint Table = RtaAttr.RT_TABLE_MAIN,
    byte Scope = RtaAttr.RT_SCOPE_UNIVERSE,
    byte Type = RtaAttr.RTN_UNICAST,
    byte Protocol = RtaAttr.RTPROT_KEEPALIVED)
{
    public override string ToString()
        => (Destination is null ? "default" : $"{Destination}/{PrefixLength}") + (Gateway is null ? "" : $" via {Gateway}") + (Table == RtaAttr.RT_TABLE_MAIN ? "" : $" table {Table}");
}

/// <summary>A policy routing rule (keepalived virtual_rules entry).</summary>
public sealed record RuleSpec(
    AddressFamily Family,
    IPAddress? From = null,
    int FromPrefixLength = 0,
    IPAddress? To = null,
    int ToPrefixLength = 0,
    uint Table = RtaAttr.RT_TABLE_MAIN,
    uint? Priority = null,
    uint? FwMark = null,
    uint? FwMask = null,
    string? InInterface = null,
    string? OutInterface = null,
    byte Action = FraAttr.FR_ACT_TO_TBL)
{
    public override string ToString()
        => $"rule{(Priority is { } p ? $" priority {p}" : "")}{(From is null ? "" : $" from {From}/{FromPrefixLength}")}{(To is null ? "" : $" to {To}/{ToPrefixLength}")}{(FwMark is { } m ? $" fwmark {m}" : "")} table {Table}";
}
