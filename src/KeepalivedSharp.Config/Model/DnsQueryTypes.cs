using System.Collections.Frozen;

namespace KeepalivedSharp.Config;

/// <summary>DNS_CHECK's <c>type</c> names and their RR type codes (check_dns.c DNS_TYPE, check_dns.h; RFC 1035 3.2.2, RFC 3596, RFC 4034).</summary>
public static class DnsQueryTypes
{
    /// <summary>The names in keepalived's order (its error message lists them so).</summary>
    public static readonly IReadOnlyList<string> Names = ["A", "NS", "CNAME", "SOA", "MX", "TXT", "AAAA", "RRSIG", "DNSKEY"];

    private static readonly FrozenDictionary<string, ushort> Codes = new Dictionary<string, ushort>(StringComparer.OrdinalIgnoreCase)
    {
        ["A"] = 1, ["NS"] = 2, ["CNAME"] = 5, ["SOA"] = 6, ["MX"] = 15, ["TXT"] = 16, ["AAAA"] = 28, ["RRSIG"] = 46, ["DNSKEY"] = 48,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The type code of <paramref name="name"/> (any case, as keepalived's strcasecmp), or null.</summary>
    public static ushort? Code(string name) => Codes.TryGetValue(name, out var code) ? code : null;
}
