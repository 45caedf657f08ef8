using System.Globalization;
using KeepalivedSharp.Linux.Netlink;

namespace KeepalivedSharp.Settings;

/// <summary>iproute2's words (rt_scopes, rt_tables, route types, fwmark) as the numbers netlink carries.</summary>
public static class IpRouteWords
{
    /// <summary>iproute2's scope names, both ways: config words in, dump and status text out.</summary>
    private static readonly (string Name, byte Value)[] Scopes =
    [
        ("global", RtaAttr.RT_SCOPE_UNIVERSE), ("site", RtaAttr.RT_SCOPE_SITE), ("link", RtaAttr.RT_SCOPE_LINK),
        ("host", RtaAttr.RT_SCOPE_HOST), ("nowhere", RtaAttr.RT_SCOPE_NOWHERE),
    ];

    /// <summary>`scope` as iproute2 reads it ("universe" is global's other name), or a number; global when absent.</summary>
    public static byte Scope(string? scope)
    {
        if (scope is null or "universe") return RtaAttr.RT_SCOPE_UNIVERSE;
        foreach (var (name, value) in Scopes)
        {
            if (name == scope) return value;
        }
        return byte.TryParse(scope, NumberStyles.Integer, CultureInfo.InvariantCulture, out var b) ? b : RtaAttr.RT_SCOPE_UNIVERSE;
    }

    /// <summary>The scope as iproute2 and keepalived print it.</summary>
    public static string ScopeName(byte scope)
    {
        foreach (var (name, value) in Scopes)
        {
            if (value == scope) return name;
        }
        return scope.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>`table`: main when absent, the rt_tables names local and default, or a number.</summary>
    public static uint Table(string? table) => table switch
    {
        null or "main" => RtaAttr.RT_TABLE_MAIN,
        "local" => RtaAttr.RT_TABLE_LOCAL,
        "default" => 253,
        _ => uint.TryParse(table, NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) ? t : RtaAttr.RT_TABLE_MAIN,
    };

    /// <summary>A route's leading type word; unicast when absent.</summary>
    public static byte RouteType(string? type) => type switch
    {
        "blackhole" => RtaAttr.RTN_BLACKHOLE,
        "unreachable" => RtaAttr.RTN_UNREACHABLE,
        "prohibit" => RtaAttr.RTN_PROHIBIT,
        _ => RtaAttr.RTN_UNICAST,
    };

    /// <summary>`fwmark MARK[/MASK]`, each decimal or 0x hex.</summary>
    public static (uint? Mark, uint? Mask) FwMark(ReadOnlySpan<string> words)
    {
        int k = words.IndexOf("fwmark");
        if (k < 0 || k + 1 >= words.Length) return (null, null);
        var parts = words[k + 1].Split('/');
        return (Number(parts[0]), parts.Length > 1 ? Number(parts[1]) : null);
    }

    private static uint? Number(string s)
        => s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? uint.TryParse(s.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var h) ? h : null
            : uint.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
}
