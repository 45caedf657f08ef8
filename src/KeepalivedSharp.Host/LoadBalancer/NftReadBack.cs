using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using KeepalivedSharp.Core.Check;

namespace KeepalivedSharp.Host.LoadBalancer;

/// <summary>
/// Our table as the kernel lists it (<c>list table inet keepalived_sharp</c>, JSON) read back into
/// services and destinations. A destination's weight reads back as its slot count, which is its
/// weight divided by the gcd of the service's weights (1 each under rr; under mh, its share of the
/// Maglev table). Options other than the
/// scheduler are not kept in nftables and read back as the defaults.
/// </summary>
public static class NftReadBack
{
    public static LoadBalancerTable Parse(string json)
    {
        if (string.IsNullOrWhiteSpace(json)) return LoadBalancerTable.Empty;
        using var doc = JsonDocument.Parse(json);
        var chains = new Dictionary<string, ServiceKey>();
        var rules = new Dictionary<string, JsonElement>();
        foreach (var item in doc.RootElement.GetProperty("nftables").EnumerateArray())
        {
            if (item.TryGetProperty("map", out var map) && map.TryGetProperty("elem", out var elems) && Owned(map))
            {
                string name = map.GetProperty("name").GetString() ?? "";
                foreach (var e in elems.EnumerateArray())
                    if (ServiceOf(name, e[0]) is { } key && e[1].TryGetProperty("goto", out var g))
                        chains[g.GetProperty("target").GetString() ?? ""] = key;
            }
            else if (item.TryGetProperty("rule", out var rule) && Owned(rule))
            {
                rules[rule.GetProperty("chain").GetString() ?? ""] = rule.Clone();
            }
        }
        var services = LoadBalancerTable.Empty.Services.ToBuilder();
        foreach (var (chain, key) in chains)
        {
            var dests = LoadBalancerTable.NoDestinations.ToBuilder();
            string sched = ServiceOptions.Default.Scheduler;
            if (rules.TryGetValue(chain, out var rule))
            {
                if (rule.TryGetProperty("comment", out var c) && c.GetString() is { } text && text.StartsWith(NftCommands.CommentPrefix, StringComparison.Ordinal))
                    sched = text[NftCommands.CommentPrefix.Length..];
                foreach (var (dest, slots) in Slots(rule, rules))
                    dests[dest] = new Destination(DestinationOptions.Nat, (dests.TryGetValue(dest, out var had) ? had.Weight : 0) + slots);
            }
            services[key] = new ServiceEntry(ServiceOptions.Default with { Scheduler = sched }, dests.ToImmutable());
        }
        return new LoadBalancerTable(services.ToImmutable());
    }

    private static bool Owned(JsonElement obj) =>
        obj.TryGetProperty("table", out var t) && t.GetString() == NftCommands.Table
        && obj.TryGetProperty("family", out var f) && f.GetString() == NftCommands.Family;

    private static ServiceKey? ServiceOf(string map, JsonElement key)
    {
        switch (map)
        {
            case NftCommands.Fwmarks4 or NftCommands.Fwmarks6 when key.ValueKind == JsonValueKind.Number:
                return ServiceKey.ForFwmark(key.GetUInt32(), map == NftCommands.Fwmarks6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork);
            case NftCommands.Services4 or NftCommands.Services6 when key.TryGetProperty("concat", out var c) && c.GetArrayLength() == 3:
                if (!IPAddress.TryParse(c[0].GetString(), out var addr)) return null;
                var proto = c[1].GetString() switch { "tcp" => LbProtocol.Tcp, "udp" => LbProtocol.Udp, "sctp" => LbProtocol.Sctp, _ => (LbProtocol?)null };
                return proto is { } p ? ServiceKey.ForAddress(p, addr, (ushort)c[2].GetInt32()) : null;
            default:
                return null;
        }
    }

    /// <summary>
    /// The slot set's elements: each destination with its number of slots. A DNAT map names the
    /// destination; a persistent service's vmap names its server chain, whose last rule DNATs.
    /// </summary>
    private static IEnumerable<(DestinationKey, int)> Slots(JsonElement rule, Dictionary<string, JsonElement> rules)
    {
        foreach (var expr in rule.GetProperty("expr").EnumerateArray())
        {
            if (SlotData(expr) is not { ValueKind: JsonValueKind.Object } data || !data.TryGetProperty("set", out var set)) continue;
            foreach (var e in set.EnumerateArray())
            {
                int slots = e[0].ValueKind == JsonValueKind.Number ? 1
                    : e[0].TryGetProperty("range", out var r) ? r[1].GetInt32() - r[0].GetInt32() + 1 : 0;
                if (slots > 0 && Target(e[1], rules) is { } d) yield return (d, slots);
            }
        }
    }

    /// <summary>The data of a <c>dnat to map</c> or of a <c>vmap</c>, or null.</summary>
    private static JsonElement? SlotData(JsonElement expr)
    {
        if (expr.TryGetProperty("dnat", out var dnat) && dnat.TryGetProperty("addr", out var addr) && addr.ValueKind == JsonValueKind.Object
            && addr.TryGetProperty("map", out var map) && map.TryGetProperty("data", out var data)) return data;
        if (expr.TryGetProperty("vmap", out var vmap) && vmap.TryGetProperty("data", out var vdata)) return vdata;
        return null;
    }

    private static DestinationKey? Target(JsonElement to, Dictionary<string, JsonElement> rules)
    {
        if (to.ValueKind == JsonValueKind.Object && to.TryGetProperty("goto", out var g))
        {
            if (!rules.TryGetValue(g.GetProperty("target").GetString() ?? "", out var server)) return null;
            foreach (var expr in server.GetProperty("expr").EnumerateArray())
            {
                if (expr.TryGetProperty("dnat", out var dnat) && dnat.TryGetProperty("addr", out var a) && a.ValueKind == JsonValueKind.String
                    && IPAddress.TryParse(a.GetString(), out var ip))
                    return new DestinationKey(ip, dnat.TryGetProperty("port", out var p) ? (ushort)p.GetInt32() : (ushort)0);
            }
            return null;
        }
        string? text = to.ValueKind == JsonValueKind.String ? to.GetString() : to.TryGetProperty("concat", out var c) ? c[0].GetString() : null;
        ushort port = to.ValueKind == JsonValueKind.Object && to.TryGetProperty("concat", out var cc) ? (ushort)cc[1].GetInt32() : (ushort)0;
        return IPAddress.TryParse(text, out var addr) ? new DestinationKey(addr, port) : null;
    }
}
