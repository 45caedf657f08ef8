using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using KeepalivedSharp.Core.Check;
using static KeepalivedSharp.Linux.Nftables.NftJson;

namespace KeepalivedSharp.Host.LoadBalancer;

/// <summary>
/// Persistence (persistence_timeout, persistence_granularity) as IPVS's templates
/// (ip_vs_core.c ip_vs_sched_persist): each real server of a persistent service has a chain and a
/// timed dynamic set of client addresses, masked by the granularity. The service chain first sends
/// a remembered client to its server's chain, then schedules the others into the server chains by
/// the slot vmap. A server chain refreshes its set's element (<c>update</c>, which restarts the
/// timeout, as ip_vs_conn_put re-arms a template at each new connection) and DNATs.
/// A real server at weight 0 keeps its chain and set, so remembered clients still reach it until
/// their timeout, as IPVS does with its default expire_quiescent_template=0; a removed real server
/// loses both, as IPVS expires a template whose destination is gone (ip_vs_check_template).
/// </summary>
public static partial class NftCommands
{
    /// <summary>The most clients one real server of a persistent service remembers (the set's size).</summary>
    public const int PersistentClients = 1 << 20;

    public static bool IsPersistent(ServiceEntry entry) => entry.Options.PersistenceTimeout > 0;

    /// <summary>The chain of one real server of a persistent service: <c>vs4_10_0_0_100_tcp_80_rs_10_0_1_11_80</c>.</summary>
    public static string ServerChain(ServiceKey key, DestinationKey d) => $"{ChainName(key)}_rs_{Suffix(d)}";

    /// <summary>The timed set of that server's clients: <c>vs4_10_0_0_100_tcp_80_p_10_0_1_11_80</c>.</summary>
    public static string ClientSet(ServiceKey key, DestinationKey d) => $"{ChainName(key)}_p_{Suffix(d)}";

    private static string Suffix(DestinationKey d) => $"{d.Address.ToString().Replace('.', '_').Replace(':', '_')}_{d.Port}";

    /// <summary>The persistence_granularity mask, or null for a whole address (the default).</summary>
    public static IPAddress? GranularityMask(ServiceKey key, uint netmask)
    {
        if (key.Family == AddressFamily.InterNetworkV6)
        {
            // IPv6 granularity is a prefix length (check_parser.c pgr_handler).
            if (netmask >= 128) return null;
            var bytes = new byte[16];
            for (int i = 0; i < (int)netmask; i++) bytes[i / 8] |= (byte)(0x80 >> (i % 8));
            return new IPAddress(bytes);
        }
        // The IPv4 mask is kept as its bytes in network order.
        return netmask == uint.MaxValue ? null : new IPAddress(BitConverter.GetBytes(netmask));
    }

    private static void WritePersistentService(Utf8JsonWriter w, ServiceKey key, ServiceEntry? old, ServiceEntry want)
    {
        var slots = NftSlots.Plan(want);
        bool oldPersistent = old is not null && IsPersistent(old);
        bool withPort = DnatsPort(key, want);
        foreach (var d in want.Destinations.Keys)
        {
            string chain = ServerChain(key, d), set = ClientSet(key, d);
            if (oldPersistent && old!.Destinations.ContainsKey(d))
            {
                Command(w, "flush", "chain", () => Names(w, chain, "name"));
            }
            else
            {
                Command(w, "add", "set", () =>
                {
                    Names(w, set, "name");
                    w.WriteString("type", key.Family == AddressFamily.InterNetworkV6 ? "ipv6_addr" : "ipv4_addr");
                    w.WriteStartArray("flags");
                    w.WriteStringValue("timeout");
                    w.WriteEndArray();
                    w.WriteNumber("size", PersistentClients);
                });
                Command(w, "add", "chain", () => Names(w, chain, "name"));
            }
            // Remembering is a rule of its own: a full set only means this client is not
            // remembered, not that its connection goes without DNAT.
            Rule(w, chain, null, () =>
            {
                w.WriteStartObject();
                w.WriteStartObject("set");
                w.WriteString("op", "update");
                w.WriteStartObject("elem");
                w.WriteStartObject("elem");
                w.WritePropertyName("val");
                Client(w, key, want.Options.Netmask);
                w.WriteNumber("timeout", want.Options.PersistenceTimeout);
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteString("set", "@" + set);
                w.WriteEndObject();
                w.WriteEndObject();
            });
            Rule(w, chain, null, () =>
            {
                MatchProtocol(w, key, withPort);
                w.WriteStartObject();
                w.WriteStartObject("dnat");
                w.WriteString("family", key.Family == AddressFamily.InterNetworkV6 ? "ip6" : "ip");
                w.WriteString("addr", d.Address.ToString());
                if (withPort) w.WriteNumber("port", DnatPort(key, d));
                w.WriteEndObject();
                w.WriteEndObject();
            });
        }
        string service = ChainName(key);
        foreach (var d in want.Destinations.Keys)
        {
            Rule(w, service, null, () =>
            {
                Match(w, () => Client(w, key, want.Options.Netmask), () => w.WriteStringValue("@" + ClientSet(key, d)));
                Goto(w, ServerChain(key, d));
            });
        }
        Rule(w, service, CommentPrefix + slots.Scheduler, () =>
        {
            if (slots.Ranges.IsEmpty)
            {
                Reject(w);
                return;
            }
            w.WriteStartObject();
            w.WriteStartObject("vmap");
            w.WritePropertyName("key");
            SlotKey(w, slots, key.Family == AddressFamily.InterNetworkV6);
            w.WritePropertyName("data");
            SlotSet(w, slots, r => Goto(w, ServerChain(key, r.Destination)));
            w.WriteEndObject();
            w.WriteEndObject();
        });
        RejectMisses(w, service, slots);
    }

    /// <summary>Deletes the server chains and client sets of <paramref name="old"/> that <paramref name="want"/> no longer has (after the service chain stopped naming them).</summary>
    private static void DropPersistent(Utf8JsonWriter w, ServiceKey key, ServiceEntry old, ServiceEntry? want)
    {
        if (!IsPersistent(old)) return;
        bool keep = want is not null && IsPersistent(want);
        foreach (var d in old.Destinations.Keys)
        {
            if (keep && want!.Destinations.ContainsKey(d)) continue;
            string chain = ServerChain(key, d);
            Command(w, "flush", "chain", () => Names(w, chain, "name"));
            Command(w, "delete", "chain", () => Names(w, chain, "name"));
            Command(w, "delete", "set", () => Names(w, ClientSet(key, d), "name"));
        }
    }

    /// <summary>The client's source address, masked by the granularity.</summary>
    private static void Client(Utf8JsonWriter w, ServiceKey key, uint netmask)
    {
        string ip = key.Family == AddressFamily.InterNetworkV6 ? "ip6" : "ip";
        if (GranularityMask(key, netmask) is not { } mask)
        {
            Payload(w, ip, "saddr");
            return;
        }
        w.WriteStartObject();
        w.WriteStartArray("&");
        Payload(w, ip, "saddr");
        w.WriteStringValue(mask.ToString());
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
