using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using KeepalivedSharp.Config;
using KeepalivedSharp.Linux.Netlink;
using static KeepalivedSharp.Linux.Nftables.NftJson;

namespace KeepalivedSharp.Host.Network;

/// <summary>global_defs <c>nftables</c>, <c>nftables_priority</c> and <c>nftables_counters</c>, as the drop rules use them.</summary>
public sealed record NftVipOptions(string Table, int Priority, bool Counters)
{
    public static NftVipOptions From(GlobalDefs g) => new(g.EffectiveNftTable, g.VrrpNftPriority, g.NftCounters);
}

/// <summary>One element of the drop sets: the address, with its interface index for an IPv6 link-local one (else 0).</summary>
public readonly record struct NftVipKey(IPAddress Address, int InterfaceIndex)
{
    public static NftVipKey Of(AddressSpec a) => new(a.Address, a.Address.IsIPv6LinkLocal ? a.InterfaceIndex : 0);

    public bool IsLinkLocal => Address.IsIPv6LinkLocal;
}

/// <summary>The parts of the drop tables that exist: each is set up the first time it is needed, as keepalived does.</summary>
[Flags]
public enum NftVipParts
{
    None = 0,
    Ip = 1,
    Ip6 = 2,
    Ip6LinkLocal = 4,
}

/// <summary>
/// The libnftables JSON of keepalived 2.2.7's VRRP drop rules (vrrp_nftables.c), in its layout: a
/// table <c>ip NAME</c> and a table <c>ip6 NAME</c>, each with filter chains <c>in</c> (input) and
/// <c>out</c> (output) at the configured priority, and a set <c>vips</c> of the addresses not
/// accepted: <c>ip daddr @vips drop</c> in, <c>ip saddr @vips drop</c> out. IPv6 lets neighbour
/// solicitations and adverts through first (else the VIP could not answer for its address), and
/// takes link-local addresses to chains that match them with their interface. Pure.
/// </summary>
public static class NftVipCommands
{
    public const string Vips = "vips";
    public const string LinkLocalVips = "vips_link_local";
    public const string NeighborDiscovery = "neighbor-discovery";

    /// <summary>
    /// One batch: sets up the parts <paramref name="add"/> needs that <paramref name="have"/> lacks
    /// (the first one also removes tables left by an earlier run: check_and_delete_tables), then adds
    /// and deletes the elements. <paramref name="now"/> is what exists after it.
    /// </summary>
    public static byte[] Change(NftVipOptions o, NftVipParts have, IReadOnlyCollection<NftVipKey> add, IReadOnlyCollection<NftVipKey> remove, out NftVipParts now)
    {
        var need = have | Needed(add);
        now = need;
        return Write(w =>
        {
            if (have == NftVipParts.None && need != NftVipParts.None)
            {
                foreach (var family in (string[])["ip", "ip6"])
                {
                    Command(w, "add", "table", () => TableNames(w, o, family));
                    Command(w, "delete", "table", () => TableNames(w, o, family));
                }
            }
            if (Adds(NftVipParts.Ip)) SetUp(w, o, "ip");
            if (Adds(NftVipParts.Ip6)) SetUp(w, o, "ip6");
            if (Adds(NftVipParts.Ip6LinkLocal)) SetUpLinkLocal(w, o);
            Elements(w, o, "add", add);
            Elements(w, o, "delete", remove);
        });

        bool Adds(NftVipParts part) => need.HasFlag(part) && !have.HasFlag(part);
    }

    /// <summary>Deletes the tables that exist (nft_cleanup), and only those.</summary>
    public static byte[] Delete(NftVipOptions o, NftVipParts have) => Write(w =>
    {
        if (have.HasFlag(NftVipParts.Ip)) Command(w, "delete", "table", () => TableNames(w, o, "ip"));
        if (have.HasFlag(NftVipParts.Ip6)) Command(w, "delete", "table", () => TableNames(w, o, "ip6"));
    });

    private static NftVipParts Needed(IEnumerable<NftVipKey> keys)
    {
        var parts = NftVipParts.None;
        foreach (var k in keys)
        {
            if (k.Address.AddressFamily == AddressFamily.InterNetwork) parts |= NftVipParts.Ip;
            else parts |= NftVipParts.Ip6 | (k.IsLinkLocal ? NftVipParts.Ip6LinkLocal : NftVipParts.None);
        }
        return parts;
    }

    /// <summary>nft_setup_ipv4 + nft_setup_ipv4_vips, nft_setup_ipv6 + nft_setup_ipv6_vips, in their order.</summary>
    private static void SetUp(Utf8JsonWriter w, NftVipOptions o, string family)
    {
        bool v6 = family == "ip6";
        Command(w, "add", "table", () => TableNames(w, o, family));
        BaseChain(w, o, family, "out", "output");
        BaseChain(w, o, family, "in", "input");
        if (v6)
        {
            Command(w, "add", "chain", () => Names(w, o, family, "in_link_local", "name"));
            Command(w, "add", "chain", () => Names(w, o, family, "out_link_local", "name"));
        }
        Command(w, "add", "set", () =>
        {
            Names(w, o, family, Vips, "name");
            w.WriteString("type", v6 ? "ipv6_addr" : "ipv4_addr");
        });
        if (v6)
        {
            Command(w, "add", "set", () =>
            {
                Names(w, o, family, NeighborDiscovery, "name");
                w.WriteString("type", "icmpv6_type");
                w.WriteStartArray("flags");
                w.WriteStringValue("constant");
                w.WriteEndArray();
                w.WriteStartArray("elem");
                w.WriteStringValue("nd-neighbor-solicit");
                w.WriteStringValue("nd-neighbor-advert");
                w.WriteEndArray();
            });
            NeighborDiscoveryAccept(w, o, "in");
            LinkLocalGoto(w, o, "in", "daddr", "in_link_local");
            NeighborDiscoveryAccept(w, o, "out");
            LinkLocalGoto(w, o, "out", "saddr", "out_link_local");
        }
        Rule(w, o, family, "in", () => Lookup(w, () => Payload(w, family, "daddr"), Vips), "drop");
        Rule(w, o, family, "out", () => Lookup(w, () => Payload(w, family, "saddr"), Vips), "drop");
    }

    /// <summary>setup_link_local_checks: <c>ip6 daddr . iif @vips_link_local drop</c>, and saddr . oif out.</summary>
    private static void SetUpLinkLocal(Utf8JsonWriter w, NftVipOptions o)
    {
        Command(w, "add", "set", () =>
        {
            Names(w, o, "ip6", LinkLocalVips, "name");
            w.WriteStartArray("type");
            w.WriteStringValue("ipv6_addr");
            w.WriteStringValue("iface_index");
            w.WriteEndArray();
        });
        foreach (var (chain, field, meta) in (ReadOnlySpan<(string, string, string)>)[("in_link_local", "daddr", "iif"), ("out_link_local", "saddr", "oif")])
        {
            Rule(w, o, "ip6", chain, () => Lookup(w, () =>
            {
                w.WriteStartObject();
                w.WriteStartArray("concat");
                Payload(w, "ip6", field);
                Meta(w, meta);
                w.WriteEndArray();
                w.WriteEndObject();
            }, LinkLocalVips), "drop");
        }
    }

    /// <summary>setup_rule_icmpv6: <c>ip6 nexthdr ipv6-icmp icmpv6 type @neighbor-discovery accept</c>.</summary>
    private static void NeighborDiscoveryAccept(Utf8JsonWriter w, NftVipOptions o, string chain) => Rule(w, o, "ip6", chain, () =>
    {
        Match(w, () => Payload(w, "ip6", "nexthdr"), () => w.WriteStringValue("ipv6-icmp"));
        Lookup(w, () => Payload(w, "icmpv6", "type"), NeighborDiscovery);
    }, "accept");

    /// <summary>setup_rule_range_goto: <c>ip6 daddr fe80::/10 goto in_link_local</c>.</summary>
    private static void LinkLocalGoto(Utf8JsonWriter w, NftVipOptions o, string chain, string field, string target)
    {
        Rule(w, o, "ip6", chain, () => Match(w, () => Payload(w, "ip6", field), () =>
        {
            w.WriteStartObject();
            w.WriteStartObject("prefix");
            w.WriteString("addr", "fe80::");
            w.WriteNumber("len", 10);
            w.WriteEndObject();
            w.WriteEndObject();
        }), null, () => Goto(w, target));
    }

    private static void BaseChain(Utf8JsonWriter w, NftVipOptions o, string family, string name, string hook) => Command(w, "add", "chain", () =>
    {
        Names(w, o, family, name, "name");
        w.WriteString("type", "filter");
        w.WriteString("hook", hook);
        w.WriteNumber("prio", o.Priority);
        w.WriteString("policy", "accept");
    });

    private static void Lookup(Utf8JsonWriter w, Action key, string set) => Match(w, key, () => w.WriteStringValue("@" + set));

    /// <summary>A rule: its match, a counter with nftables_counters (add_counter), then the verdict.</summary>
    private static void Rule(Utf8JsonWriter w, NftVipOptions o, string family, string chain, Action match, string? verdict, Action? jump = null)
        => Command(w, "add", "rule", () =>
        {
            Names(w, o, family, chain, "chain");
            w.WriteStartArray("expr");
            match();
            if (o.Counters) Statement(w, "counter");
            if (verdict is not null) Statement(w, verdict);
            jump?.Invoke();
            w.WriteEndArray();
        });

    private static void Elements(Utf8JsonWriter w, NftVipOptions o, string verb, IReadOnlyCollection<NftVipKey> keys)
    {
        foreach (var group in keys.GroupBy(SetOf).OrderBy(g => g.Key))
        {
            var (family, set) = group.Key switch
            {
                0 => ("ip", Vips),
                1 => ("ip6", Vips),
                _ => ("ip6", LinkLocalVips),
            };
            Command(w, verb, "element", () =>
            {
                Names(w, o, family, set, "name");
                w.WriteStartArray("elem");
                foreach (var k in group)
                {
                    if (!k.IsLinkLocal)
                    {
                        w.WriteStringValue(k.Address.ToString());
                        continue;
                    }
                    w.WriteStartObject();
                    w.WriteStartArray("concat");
                    w.WriteStringValue(k.Address.ToString());
                    w.WriteNumberValue(k.InterfaceIndex);
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            });
        }
    }

    /// <summary>0: ip vips, 1: ip6 vips, 2: ip6 vips_link_local (nft_update_addresses' order).</summary>
    private static int SetOf(NftVipKey k) => k.Address.AddressFamily == AddressFamily.InterNetwork ? 0 : k.IsLinkLocal ? 2 : 1;

    private static void TableNames(Utf8JsonWriter w, NftVipOptions o, string family)
    {
        w.WriteString("family", family);
        w.WriteString("name", o.Table);
    }

    private static void Names(Utf8JsonWriter w, NftVipOptions o, string family, string name, string property)
    {
        w.WriteString("family", family);
        w.WriteString("table", o.Table);
        w.WriteString(property, name);
    }
}
