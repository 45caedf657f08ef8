using System.Collections.Immutable;
using System.Net;

namespace KeepalivedSharp.Config;

/// <summary>A <c>virtual_ipaddress</c> / <c>static_ipaddress</c> entry.</summary>
public sealed record VirtualAddress(IPAddress Address, int PrefixLength, string? Device, string? Label, string? Scope, IPAddress? Broadcast, SourceLocation Location)
{
    public IPAddress? Peer { get; init; }
    public bool NoDad { get; init; }
    public bool NoPrefixRoute { get; init; }
    public bool Home { get; init; }
    public bool NoTrack { get; init; }
    public bool UseVmac { get; init; }
    /// <summary>Options kept as written but not modelled (autojoin, mngtmpaddr, preferred_lft, track_group).</summary>
    public ImmutableArray<string> OtherOptions { get; init; } = [];
}

/// <summary>A <c>virtual_routes</c> / <c>static_routes</c> entry: the destination is typed, the rest kept as written.</summary>
public sealed record VirtualRoute(IPAddress? Destination, int PrefixLength, string? Device, IPAddress? Via, ImmutableArray<string> Words, SourceLocation Location)
{
    /// <summary>Route type keyword when the entry starts with one (blackhole, unreachable, ...).</summary>
    public string? Type { get; init; }
    public IPAddress? Source { get; init; }
    public string? Table { get; init; }
    public int? Metric { get; init; }
}

/// <summary>A <c>virtual_rules</c> / <c>static_rules</c> entry: selectors typed, the rest kept as written.</summary>
public sealed record VirtualRule(IPAddress? From, int? FromPrefixLength, IPAddress? To, int? ToPrefixLength, string? Table, int? Preference, ImmutableArray<string> Words, SourceLocation Location);
