using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using KeepalivedSharp.Core.Check;
using KeepalivedSharp.Host.Ports;

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
    /// <summary>
    /// Throws <see cref="LoadBalancerException"/> when the listing is not JSON or has no <c>nftables</c> array.
    /// An item of our table of a shape we do not write (an element, rule or expression added by hand, say) is
    /// left out, so the start's read-back reports what it can instead of stopping the daemon (found by bench/fuzz).
    /// </summary>
    public static LoadBalancerTable Parse(string json)
    {
        if (string.IsNullOrWhiteSpace(json)) return LoadBalancerTable.Empty;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new LoadBalancerException($"the nftables listing is not JSON: {e.Message}");
        }
        using (doc)
        {
            if (Prop(doc.RootElement, "nftables") is not { ValueKind: JsonValueKind.Array } items)
                throw new LoadBalancerException("the nftables listing has no \"nftables\" array");
            return Read(items);
        }
    }

    private static LoadBalancerTable Read(JsonElement items)
    {
        var chains = new Dictionary<string, ServiceKey>();
        var rules = new Dictionary<string, JsonElement>();
        foreach (var item in items.EnumerateArray())
        {
            if (Prop(item, "map") is { } map && Prop(map, "elem") is { } elems && Owned(map))
            {
                string name = Str(Prop(map, "name")) ?? "";
                foreach (var e in Items(elems))
                    if (ServiceOf(name, At(e, 0)) is { } key && Str(Prop(Prop(At(e, 1), "goto"), "target")) is { } target)
                        chains[target] = key;
            }
            else if (Prop(item, "rule") is { } rule && Owned(rule))
            {
                // A chain's last rule, except that a service's scheduler rule (our comment) stays: the reject of missed slots may follow it.
                string chain = Str(Prop(rule, "chain")) ?? "";
                if (!(rules.TryGetValue(chain, out var had) && Commented(had))) rules[chain] = rule.Clone();
            }
        }
        var services = LoadBalancerTable.Empty.Services.ToBuilder();
        foreach (var (chain, key) in chains)
        {
            var dests = LoadBalancerTable.NoDestinations.ToBuilder();
            string sched = ServiceOptions.Default.Scheduler;
            if (rules.TryGetValue(chain, out var rule))
            {
                if (Commented(rule)) sched = Str(Prop(rule, "comment"))![NftCommands.CommentPrefix.Length..];
                foreach (var (dest, slots) in Slots(rule, rules))
                    dests[dest] = new Destination(DestinationOptions.Nat, Destination.RealWeight((dests.TryGetValue(dest, out var had) ? had.Weight : 0) + slots));
            }
            services[key] = new ServiceEntry(ServiceOptions.Default with { Scheduler = sched }, dests.ToImmutable());
        }
        return new LoadBalancerTable(services.ToImmutable());
    }

    private static bool Commented(JsonElement rule) =>
        Str(Prop(rule, "comment")) is { } text && text.StartsWith(NftCommands.CommentPrefix, StringComparison.Ordinal);

    private static bool Owned(JsonElement obj) =>
        Str(Prop(obj, "table")) == NftCommands.Table && Str(Prop(obj, "family")) == NftCommands.Family;

    private static ServiceKey? ServiceOf(string map, JsonElement? key)
    {
        switch (map)
        {
            case NftCommands.Fwmarks4 or NftCommands.Fwmarks6 when key is { ValueKind: JsonValueKind.Number } k && k.TryGetUInt32(out var mark):
                return ServiceKey.ForFwmark(mark, map == NftCommands.Fwmarks6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork);
            case NftCommands.Services4 or NftCommands.Services6 when Prop(key, "concat") is { ValueKind: JsonValueKind.Array } c && c.GetArrayLength() == 3:
                if (!IPAddress.TryParse(Str(c[0]), out var addr) || Port(c[2]) is not { } port) return null;
                var proto = Str(c[1]) switch { "tcp" => LbProtocol.Tcp, "udp" => LbProtocol.Udp, "sctp" => LbProtocol.Sctp, _ => (LbProtocol?)null };
                return proto is { } p ? ServiceKey.ForAddress(p, addr, port) : null;
            default:
                return null;
        }
    }

    /// <summary>
    /// The slot set's elements: each destination with its number of slots. A DNAT map names the
    /// destination; a persistent service's vmap names its server chain, whose last rule DNATs.
    /// </summary>
    private static IEnumerable<(DestinationKey, long)> Slots(JsonElement rule, Dictionary<string, JsonElement> rules)
    {
        foreach (var expr in Items(Prop(rule, "expr")))
        {
            foreach (var e in Items(Prop(SlotData(expr), "set")))
            {
                long slots = At(e, 0) is { ValueKind: JsonValueKind.Number } ? 1
                    : Prop(At(e, 0), "range") is { } r && Int(At(r, 0)) is { } low && Int(At(r, 1)) is { } high ? high - low + 1 : 0;
                if (slots > 0 && Target(At(e, 1), rules) is { } d) yield return (d, slots);
            }
        }
    }

    /// <summary>The data of a <c>dnat to map</c> or of a <c>vmap</c>, or null.</summary>
    private static JsonElement? SlotData(JsonElement expr) =>
        Prop(Prop(Prop(Prop(expr, "dnat"), "addr"), "map"), "data") ?? Prop(Prop(expr, "vmap"), "data");

    private static DestinationKey? Target(JsonElement? to, Dictionary<string, JsonElement> rules)
    {
        if (Prop(to, "goto") is { } g)
        {
            if (!rules.TryGetValue(Str(Prop(g, "target")) ?? "", out var server)) return null;
            foreach (var expr in Items(Prop(server, "expr")))
            {
                if (Prop(expr, "dnat") is { } dnat && IPAddress.TryParse(Str(Prop(dnat, "addr")), out var ip))
                    return Prop(dnat, "port") is { } p ? Port(p) is { } dport ? new DestinationKey(ip, dport) : null : new DestinationKey(ip, 0);
            }
            return null;
        }
        var concat = Prop(to, "concat");
        string? text = Str(to) ?? Str(At(concat, 0));
        ushort? port = concat is null ? 0 : Port(At(concat, 1));
        return IPAddress.TryParse(text, out var addr) && port is { } pt ? new DestinationKey(addr, pt) : null;
    }

    // Reading a listing of any shape: each of these gives null (or nothing) where the JSON is not what it asks for.
    private static JsonElement? Prop(JsonElement? e, string name) =>
        e is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var v) ? v : null;

    private static JsonElement? At(JsonElement? e, int i) =>
        e is { ValueKind: JsonValueKind.Array } a && i < a.GetArrayLength() ? a[i] : null;

    private static IEnumerable<JsonElement> Items(JsonElement? e) =>
        e is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray() : [];

    private static string? Str(JsonElement? e) => e is { ValueKind: JsonValueKind.String } s ? s.GetString() : null;

    private static long? Int(JsonElement? e) => e is { ValueKind: JsonValueKind.Number } n && n.TryGetInt64(out var v) ? v : null;

    private static ushort? Port(JsonElement? e) => Int(e) is { } v and >= 0 and <= ushort.MaxValue ? (ushort)v : null;
}
