using System.Net.Sockets;
using System.Text.Json;
using KeepalivedSharp.Core.Check;
using static KeepalivedSharp.Linux.Nftables.NftJson;

namespace KeepalivedSharp.Host.LoadBalancer;

/// <summary>
/// The libnftables JSON commands (libnftables-json(5), nftables 1.0.6) of our one table. Pure: a
/// table in, UTF-8 JSON out. Layout: base chains <c>prerouting</c> and <c>output</c> (type nat, at
/// dstnat priority) look the packet's address, protocol and port (or its fwmark) up in a verdict
/// map and go to the service's chain; that chain's one rule DNATs through an anonymous map of
/// slots (<see cref="NftSlots"/>), or rejects when no destination is left, as IPVS does
/// (ip_vs_core.c ip_vs_leave: ICMP port unreachable, then drop). A changed service is its chain
/// flushed and its rule added again, in the same batch.
/// </summary>
public static partial class NftCommands
{
    public const string Family = "inet";
    public const string Table = "keepalived_sharp";
    public const string Services4 = "services4";
    public const string Services6 = "services6";
    public const string Fwmarks4 = "fwmarks4";
    public const string Fwmarks6 = "fwmarks6";

    /// <summary>The seed of sh and dh hashes: fixed, so a restart keeps sources on their servers.</summary>
    public const uint HashSeed = 0x4b53_4c42;

    /// <summary>The rule comment that names the scheduler (read back by <see cref="NftReadBack"/>).</summary>
    public const string CommentPrefix = "keepalived-sharp ";

    private static readonly string[] BaseChains = ["prerouting", "output"];

    /// <summary>
    /// One batch from <paramref name="from"/> to <paramref name="to"/>. With <paramref name="create"/>
    /// the batch first replaces any table of ours left by an earlier run (add, delete, add: no error
    /// when it is absent), so <paramref name="from"/> must then be empty. With <paramref name="change"/>
    /// only its services are compared (each changed one is still rewritten whole).
    /// </summary>
    public static byte[] Change(LoadBalancerTable from, LoadBalancerTable to, bool create, TableChange? change = null)
    {
        var ops = change is null ? TableDiff.Diff(from, to) : TableDiff.Diff(from, to, change);
        return Write(w =>
        {
            if (create) WriteSkeleton(w);
            foreach (var key in ops.Select(op => op.Service).Distinct())
            {
                from.Services.TryGetValue(key, out var old);
                to.Services.TryGetValue(key, out var want);
                string chain = ChainName(key);
                if (want is null)
                {
                    Command(w, "delete", "element", () => { Names(w, ServiceMap(key)); Elements(w, key, chain); });
                    Command(w, "flush", "chain", () => Names(w, chain, "name"));
                    Command(w, "delete", "chain", () => Names(w, chain, "name"));
                    DropPersistent(w, key, old!, null);
                    continue;
                }
                if (old is null) Command(w, "add", "chain", () => Names(w, chain, "name"));
                else Command(w, "flush", "chain", () => Names(w, chain, "name"));
                if (IsPersistent(want)) WritePersistentService(w, key, old, want);
                else WriteServiceRule(w, key, want);
                if (old is null) Command(w, "add", "element", () => { Names(w, ServiceMap(key)); Elements(w, key, chain); });
                else DropPersistent(w, key, old, want);
            }
        });
    }

    /// <summary>Removes our table and only ours; no error when it is absent.</summary>
    public static byte[] Delete() => Write(w =>
    {
        Command(w, "add", "table", () => TableNames(w));
        Command(w, "delete", "table", () => TableNames(w));
    });

    public static byte[] List() => Write(w => Command(w, "list", "table", () => TableNames(w)));

    /// <summary>A service's chain: <c>vs4_10_0_0_1_tcp_80</c>, <c>vs6_fd00__1_udp_53</c>, <c>fwm4_5</c>.</summary>
    public static string ChainName(ServiceKey key)
    {
        string v = key.Family == AddressFamily.InterNetworkV6 ? "6" : "4";
        if (key.IsFwmark) return $"fwm{v}_{key.Fwmark}";
        string addr = key.Address!.ToString().Replace('.', '_').Replace(':', '_');
        return $"vs{v}_{addr}_{ProtocolName(key.Protocol)}_{key.Port}";
    }

    public static string ServiceMap(ServiceKey key) => (key.IsFwmark, key.Family == AddressFamily.InterNetworkV6) switch
    {
        (false, false) => Services4,
        (false, true) => Services6,
        (true, false) => Fwmarks4,
        (true, true) => Fwmarks6,
    };

    public static string ProtocolName(LbProtocol p) => p switch
    {
        LbProtocol.Tcp => "tcp",
        LbProtocol.Udp => "udp",
        LbProtocol.Sctp => "sctp",
        _ => ((byte)p).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static void WriteSkeleton(Utf8JsonWriter w)
    {
        Command(w, "add", "table", () => TableNames(w));
        Command(w, "delete", "table", () => TableNames(w));
        Command(w, "add", "table", () => TableNames(w));
        WriteMap(w, Services4, ["ipv4_addr", "inet_proto", "inet_service"]);
        WriteMap(w, Services6, ["ipv6_addr", "inet_proto", "inet_service"]);
        WriteMap(w, Fwmarks4, null);
        WriteMap(w, Fwmarks6, null);
        foreach (var chain in BaseChains)
        {
            Command(w, "add", "chain", () =>
            {
                Names(w, chain, "name");
                w.WriteString("type", "nat");
                w.WriteString("hook", chain);
                w.WriteNumber("prio", -100);
                w.WriteString("policy", "accept");
            });
            foreach (var ip in (string[])["ip", "ip6"])
            {
                Rule(w, chain, null, () =>
                {
                    w.WriteStartObject();
                    w.WriteStartObject("vmap");
                    w.WriteStartObject("key");
                    w.WriteStartArray("concat");
                    Payload(w, ip, "daddr");
                    Meta(w, "l4proto");
                    Payload(w, "th", "dport");
                    w.WriteEndArray();
                    w.WriteEndObject();
                    w.WriteString("data", "@" + (ip == "ip" ? Services4 : Services6));
                    w.WriteEndObject();
                    w.WriteEndObject();
                });
                Rule(w, chain, null, () =>
                {
                    Match(w, () => Meta(w, "nfproto"), () => w.WriteStringValue(ip == "ip" ? "ipv4" : "ipv6"));
                    w.WriteStartObject();
                    w.WriteStartObject("vmap");
                    w.WritePropertyName("key");
                    Meta(w, "mark");
                    w.WriteString("data", "@" + (ip == "ip" ? Fwmarks4 : Fwmarks6));
                    w.WriteEndObject();
                    w.WriteEndObject();
                });
            }
        }
    }

    private static void WriteMap(Utf8JsonWriter w, string name, string[]? concat) => Command(w, "add", "map", () =>
    {
        Names(w, name, "name");
        if (concat is null)
        {
            w.WriteString("type", "mark");
        }
        else
        {
            w.WriteStartArray("type");
            foreach (var t in concat) w.WriteStringValue(t);
            w.WriteEndArray();
        }
        w.WriteString("map", "verdict");
    });

    /// <summary>The service chain's one rule: DNAT through the slot map, or reject with no destination left.</summary>
    private static void WriteServiceRule(Utf8JsonWriter w, ServiceKey key, ServiceEntry entry)
    {
        var slots = NftSlots.Plan(entry);
        bool v6 = key.Family == AddressFamily.InterNetworkV6;
        bool withPort = DnatsPort(key, entry);
        Rule(w, ChainName(key), CommentPrefix + slots.Scheduler, () =>
        {
            if (slots.Ranges.IsEmpty)
            {
                Reject(w);
                return;
            }
            MatchProtocol(w, key, withPort);
            w.WriteStartObject();
            w.WriteStartObject("dnat");
            w.WriteString("family", v6 ? "ip6" : "ip");
            w.WriteStartObject("addr");
            w.WriteStartObject("map");
            w.WritePropertyName("key");
            SlotKey(w, slots, v6);
            w.WritePropertyName("data");
            SlotSet(w, slots, r => DnatTarget(w, key, withPort, r.Destination));
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        });
        RejectMisses(w, ChainName(key), slots);
    }

    /// <summary>
    /// A slot left out of the map (sh without sh-fallback, its server at weight 0) makes the lookup
    /// miss: the next rule rejects, as IPVS answers a scheduler that finds no destination.
    /// </summary>
    private static void RejectMisses(Utf8JsonWriter w, string chain, NftSlots slots)
    {
        if (!slots.Ranges.IsEmpty && slots.Covered < slots.Modulus) Rule(w, chain, null, () => Reject(w));
    }

    /// <summary>ICMP port unreachable, as IPVS answers a service with no destination (ip_vs_core.c ip_vs_leave).</summary>
    private static void Reject(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteStartObject("reject");
        w.WriteString("type", "icmpx");
        w.WriteString("expr", "port-unreachable");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>An anonymous interval set of the slots, each run's data written by <paramref name="data"/>.</summary>
    private static void SlotSet(Utf8JsonWriter w, NftSlots slots, Action<NftSlotRange> data)
    {
        w.WriteStartObject();
        w.WriteStartArray("set");
        foreach (var r in slots.Ranges)
        {
            w.WriteStartArray();
            if (r.Low == r.High)
            {
                w.WriteNumberValue(r.Low);
            }
            else
            {
                w.WriteStartObject();
                w.WriteStartArray("range");
                w.WriteNumberValue(r.Low);
                w.WriteNumberValue(r.High);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            data(r);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>
    /// A fwmark service whose real servers all have a port DNATs to it, as IPVS does (ip_vs_schedule:
    /// dest->port, else the packet's port): its TCP, UDP and SCTP packets, the protocols IPVS balances.
    /// With a real server of port 0 among them the packet's port is kept for all (a warning says so).
    /// </summary>
    public static bool FwmarkPorts(ServiceEntry entry) => entry.Destinations.Count > 0 && entry.Destinations.Keys.All(d => d.Port != 0);

    /// <summary>Whether the service's DNAT names a port: always, but for a fwmark service that keeps the packet's (<see cref="FwmarkPorts"/>). Once per service: it reads every destination.</summary>
    private static bool DnatsPort(ServiceKey key, ServiceEntry entry) => !key.IsFwmark || FwmarkPorts(entry);

    /// <summary>
    /// DNAT to an address and port needs the transport protocol matched first: the service's, or for a
    /// fwmark service with ports TCP, UDP or SCTP; a fwmark service of port-0 real servers matches none.
    /// </summary>
    private static void MatchProtocol(Utf8JsonWriter w, ServiceKey key, bool withPort)
    {
        if (!key.IsFwmark)
        {
            Match(w, () => Meta(w, "l4proto"), () => w.WriteStringValue(ProtocolName(key.Protocol)));
        }
        else if (withPort)
        {
            Match(w, () => Meta(w, "l4proto"), () =>
            {
                w.WriteStartObject();
                w.WriteStartArray("set");
                foreach (var p in (string[])["tcp", "udp", "sctp"]) w.WriteStringValue(p);
                w.WriteEndArray();
                w.WriteEndObject();
            });
        }
    }

    /// <summary>The DNAT map's data: address and port, or the address alone for a fwmark service that keeps the packet's port.</summary>
    private static void DnatTarget(Utf8JsonWriter w, ServiceKey key, bool withPort, DestinationKey d)
    {
        if (!withPort)
        {
            w.WriteStringValue(d.Address.ToString());
            return;
        }
        w.WriteStartObject();
        w.WriteStartArray("concat");
        w.WriteStringValue(d.Address.ToString());
        w.WriteNumberValue(DnatPort(key, d));
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>A real server of port 0 takes the service's port.</summary>
    private static ushort DnatPort(ServiceKey key, DestinationKey d) => d.Port == 0 ? key.Port : d.Port;

    private static void SlotKey(Utf8JsonWriter w, NftSlots slots, bool v6)
    {
        w.WriteStartObject();
        if (slots.Key == NftSlotKey.Counter)
        {
            w.WriteStartObject("numgen");
            w.WriteString("mode", "inc");
            w.WriteNumber("mod", slots.Modulus);
            w.WriteNumber("offset", 0);
        }
        else
        {
            w.WriteStartObject("jhash");
            w.WriteNumber("mod", slots.Modulus);
            w.WriteNumber("seed", HashSeed);
            w.WriteNumber("offset", 0);
            w.WritePropertyName("expr");
            string ip = v6 ? "ip6" : "ip";
            if (slots.Key == NftSlotKey.SourceAndPortHash)
            {
                // jhash ip saddr . th sport: the transport header's port, whatever the protocol (a fwmark service too).
                w.WriteStartObject();
                w.WriteStartArray("concat");
                Payload(w, ip, "saddr");
                Payload(w, "th", "sport");
                w.WriteEndArray();
                w.WriteEndObject();
            }
            else
            {
                Payload(w, ip, slots.Key == NftSlotKey.SourceHash ? "saddr" : "daddr");
            }
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Elements(Utf8JsonWriter w, ServiceKey key, string chain)
    {
        w.WriteStartArray("elem");
        w.WriteStartArray();
        if (key.IsFwmark)
        {
            w.WriteNumberValue(key.Fwmark);
        }
        else
        {
            w.WriteStartObject();
            w.WriteStartArray("concat");
            w.WriteStringValue(key.Address!.ToString());
            w.WriteStringValue(ProtocolName(key.Protocol));
            w.WriteNumberValue(key.Port);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteStartObject();
        w.WriteStartObject("goto");
        w.WriteString("target", chain);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndArray();
    }

    private static void Rule(Utf8JsonWriter w, string chain, string? comment, Action expressions) => Command(w, "add", "rule", () =>
    {
        Names(w, chain, "chain");
        if (comment is not null) w.WriteString("comment", comment);
        w.WriteStartArray("expr");
        expressions();
        w.WriteEndArray();
    });

    private static void TableNames(Utf8JsonWriter w)
    {
        w.WriteString("family", Family);
        w.WriteString("name", Table);
    }

    /// <summary>family, table and the object's own name under <paramref name="property"/>.</summary>
    private static void Names(Utf8JsonWriter w, string name, string property = "name")
    {
        w.WriteString("family", Family);
        w.WriteString("table", Table);
        w.WriteString(property, name);
    }
}
