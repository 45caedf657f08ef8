using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using KeepalivedSharp.Core.Check;
using KeepalivedSharp.Host.LoadBalancer;
using KeepalivedSharp.Host.Ports;

namespace KeepalivedSharp.Fuzz;

/// <summary>
/// The nftables load balancer's JSON without libnftables. The input is read twice: as a listing for
/// <see cref="NftReadBack.Parse"/> (which may only throw <see cref="LoadBalancerException"/>), and as a table model
/// (up to 6 services of up to 8 destinations, any scheduler, persistence on or off) that <see cref="NftCommands.Change"/>
/// writes as a creating batch. Invariants: the batch is JSON; no chain, set or map is added twice; every goto and
/// <c>@name</c> names one the batch adds; the batch turned into the listing nft would give reads back as the table
/// nftables can run (the planned slots per destination, the scheduler that runs, NAT, default options); and an
/// unchanged table is an empty batch.
/// </summary>
internal sealed class NftTarget : IFuzzTarget
{
    private static readonly string[] Schedulers = ["rr", "wrr", "lc", "wlc", "sh", "dh", "mh", "fo", "sed", "nq", "lblc", "lblcr", "ovf", "twos", "xyz"];

    // The mh Maglev table (4093 slots) is written as up to 4093 runs per service, each a few JSON objects.
    public long AllocationBound(int inputLength) => 64L * 1024 * 1024 + 1024L * inputLength;

    public void Run(ReadOnlySpan<byte> input)
    {
        try
        {
            var listed = NftReadBack.Parse(Encoding.UTF8.GetString(input));
            foreach (var e in listed.Services.Values)
                WorkBound.Check(e.Destinations.Values.All(d => d.Weight > 0), "a destination read back without a slot");
        }
        catch (LoadBalancerException)
        {
            // Documented: not JSON, or not a listing.
        }

        var table = Model(input);
        var batch = NftCommands.Change(LoadBalancerTable.Empty, table, create: true);
        var listing = Listing(batch);
        var back = NftReadBack.Parse(listing);
        var expected = Runnable(table);
        WorkBound.Check(back.Equals(expected), $"read back {Describe(back)}, expected {Describe(expected)}");
        WorkBound.Check(NftCommands.Change(table, table, create: false).AsSpan().SequenceEqual("""{"nftables":[]}"""u8), "an unchanged table gave commands");
        using (JsonDocument.Parse(NftCommands.Change(table, LoadBalancerTable.Empty, create: false))) { }
    }

    /// <summary>What nftables runs of <paramref name="table"/>: the planned slots, summed per DNAT target (a fwmark service keeps the packet's port; port 0 takes the service's).</summary>
    private static LoadBalancerTable Runnable(LoadBalancerTable table)
    {
        var services = LoadBalancerTable.Empty.Services.ToBuilder();
        foreach (var (key, entry) in table.Services)
        {
            var plan = NftSlots.Plan(entry);
            var dests = LoadBalancerTable.NoDestinations.ToBuilder();
            foreach (var r in plan.Ranges)
            {
                var d = new DestinationKey(r.Destination.Address, key.IsFwmark ? (ushort)0 : r.Destination.Port == 0 ? key.Port : r.Destination.Port);
                long had = dests.TryGetValue(d, out var h) ? h.Weight : 0;
                dests[d] = new Destination(DestinationOptions.Nat, Destination.RealWeight(had + r.High - r.Low + 1));
            }
            services[key] = new ServiceEntry(ServiceOptions.Default with { Scheduler = plan.Scheduler }, dests.ToImmutable());
        }
        return new LoadBalancerTable(services.ToImmutable());
    }

    /// <summary>
    /// The batch as <c>nft -j list table</c> shows it once applied: each map with the elements added to it,
    /// each chain, set and rule (with a handle). Checks that names are added once and referenced names exist.
    /// </summary>
    private static string Listing(byte[] batch)
    {
        using var doc = JsonDocument.Parse(batch);
        var maps = new Dictionary<string, (JsonElement Map, List<JsonElement> Elems)>(StringComparer.Ordinal);
        var objects = new List<(string Kind, JsonElement Body)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var referenced = new List<string>();
        foreach (var command in doc.RootElement.GetProperty("nftables").EnumerateArray())
        {
            var verb = command.EnumerateObject().Single();
            var obj = verb.Value.EnumerateObject().Single();
            if (verb.Name != "add" || obj.Name == "table") continue;
            var body = obj.Value;
            switch (obj.Name)
            {
                case "map":
                    WorkBound.Check(names.Add(body.GetProperty("name").GetString()!), $"map {body.GetProperty("name")} added twice");
                    maps[body.GetProperty("name").GetString()!] = (body, []);
                    break;
                case "element":
                    WorkBound.Check(maps.TryGetValue(body.GetProperty("name").GetString()!, out var m), $"element for a map not added: {body}");
                    m.Elems.AddRange(body.GetProperty("elem").EnumerateArray());
                    References(body, referenced);
                    break;
                case "chain" or "set":
                    WorkBound.Check(names.Add(body.GetProperty("name").GetString()!), $"{obj.Name} {body.GetProperty("name")} added twice (names collide)");
                    objects.Add((obj.Name, body));
                    break;
                case "rule":
                    WorkBound.Check(names.Contains(body.GetProperty("chain").GetString()!), $"rule in a chain not added: {body.GetProperty("chain")}");
                    References(body, referenced);
                    objects.Add(("rule", body));
                    break;
                default:
                    throw new FuzzFindingException($"unexpected command add {obj.Name}");
            }
        }
        foreach (var r in referenced) WorkBound.Check(names.Contains(r), $"{r} is referenced but not added");

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("nftables");
            w.WriteStartObject();
            w.WriteStartObject("metainfo");
            w.WriteString("version", "1.0.6");
            w.WriteEndObject();
            w.WriteEndObject();
            foreach (var (map, elems) in maps.Values)
            {
                w.WriteStartObject();
                w.WriteStartObject("map");
                foreach (var p in map.EnumerateObject()) p.WriteTo(w);
                if (elems.Count > 0)
                {
                    w.WriteStartArray("elem");
                    foreach (var e in elems) e.WriteTo(w);
                    w.WriteEndArray();
                }
                w.WriteEndObject();
                w.WriteEndObject();
            }
            var handle = 1;
            foreach (var (kind, body) in objects)
            {
                w.WriteStartObject();
                w.WriteStartObject(kind);
                foreach (var p in body.EnumerateObject()) p.WriteTo(w);
                if (kind == "rule") w.WriteNumber("handle", handle++);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Goto targets and <c>@set</c> names anywhere under <paramref name="e"/>.</summary>
    private static void References(JsonElement e, List<string> into)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    if (p.Name == "goto") into.Add(p.Value.GetProperty("target").GetString()!);
                    else References(p.Value, into);
                }
                break;
            case JsonValueKind.Array:
                foreach (var x in e.EnumerateArray()) References(x, into);
                break;
            case JsonValueKind.String when e.GetString() is ['@', .. var name]:
                into.Add(name);
                break;
        }
    }

    /// <summary>A table model from the input's octets, read as a stream (zeros past the end).</summary>
    private static LoadBalancerTable Model(ReadOnlySpan<byte> input)
    {
        var r = new Octets(input);
        var services = LoadBalancerTable.Empty.Services.ToBuilder();
        int count = r.Byte() % 7;
        for (int i = 0; i < count && !r.AtEnd; i++)
        {
            int kind = r.Byte();
            bool v6 = (kind & 1) != 0, fwmark = (kind & 2) != 0;
            var family = v6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
            var protocol = (kind >> 2 & 3) switch { 0 => LbProtocol.Tcp, 1 => LbProtocol.Udp, _ => LbProtocol.Sctp };
            var key = fwmark ? ServiceKey.ForFwmark(r.U32() | 1, family) : ServiceKey.ForAddress(protocol, r.Address(v6), r.U16());
            var sched = Schedulers[r.Byte() % Schedulers.Length];
            uint flags = (uint)(r.Byte() & 0x18); // IP_VS_SVC_F_SCHED1 (0x08), _SCHED2 (0x10)
            uint timeout = (kind & 0x10) != 0 ? r.U16() : 0u;
            uint netmask = (kind & 0x20) == 0 ? uint.MaxValue : v6 ? (uint)(r.Byte() % 129) : r.U32();
            var dests = LoadBalancerTable.NoDestinations.ToBuilder();
            int n = r.Byte() % 9;
            for (int j = 0; j < n; j++)
            {
                var d = new DestinationKey(r.Address(v6), r.U16());
                int weight = (kind & 0x40) != 0 ? (int)(r.U32() & 0xffffff) : r.Byte() % 8;
                dests[d] = new Destination(DestinationOptions.Nat, weight);
            }
            services[key] = new ServiceEntry(new ServiceOptions(sched, flags, timeout, netmask), dests.ToImmutable());
        }
        return new LoadBalancerTable(services.ToImmutable());
    }

    private ref struct Octets(ReadOnlySpan<byte> input)
    {
        private readonly ReadOnlySpan<byte> _input = input;
        private int _at;

        public readonly bool AtEnd => _at >= _input.Length;

        public byte Byte() => _at < _input.Length ? _input[_at++] : (byte)0;

        public ushort U16() => (ushort)(Byte() << 8 | Byte());

        public uint U32() => (uint)U16() << 16 | U16();

        public IPAddress Address(bool v6)
        {
            Span<byte> b = stackalloc byte[v6 ? 16 : 4];
            for (int i = 0; i < b.Length; i++) b[i] = Byte();
            return new IPAddress(b);
        }
    }

    private static string Describe(LoadBalancerTable t) =>
        string.Join("; ", t.Services.Select(s => $"{s.Key} {s.Value.Options.Scheduler} [{string.Join(", ", s.Value.Destinations.Select(d => $"{d.Key}={d.Value.Weight}"))}]"));

    public IEnumerable<(string Name, byte[] Bytes)> Seeds(string root)
    {
        // Listings as nft 1.0.6 shows our table (tests/KeepalivedSharp.Host.Tests/LoadBalancer/NftCommandsTests.cs).
        var tests = Path.Combine(root, "tests", "KeepalivedSharp.Host.Tests", "LoadBalancer", "NftCommandsTests.cs");
        var i = 0;
        foreach (var listing in RawStrings(File.ReadAllText(tests)).Where(s => s.TrimStart().StartsWith("{\"nftables\"", StringComparison.Ordinal)))
            yield return ($"listing-{i++}", Encoding.UTF8.GetBytes(listing));
        // Table models: kind octet (bit 0 IPv6, bit 1 fwmark, bits 2-3 protocol, bit 4 persistence, bit 5 granularity, bit 6 big weights).
        byte[][] models =
        [
            [1, 0x00, 10, 0, 0, 100, 0, 80, 1, 0, 2, 10, 0, 1, 11, 0, 80, 3, 10, 0, 1, 12, 0, 80, 1],
            [2, 0x10, 10, 0, 0, 100, 0, 80, 0, 0, 1, 44, 3, 10, 0, 1, 11, 0, 0, 1, 10, 0, 1, 12, 0, 0, 1, 10, 0, 1, 13, 0, 80, 0,
                0x03, 0, 0, 0, 7, 6, 0x10, 2, 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x11, 0, 53, 3, 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12, 0, 53, 1],
            [1, 0x70, 192, 0, 2, 1, 1, 187, 4, 0x08, 1, 44, 255, 255, 0, 0, 3, 198, 51, 100, 1, 1, 187, 0, 0, 0, 5, 198, 51, 100, 2, 0, 0, 0, 0, 1, 0, 198, 51, 100, 3, 1, 187, 0, 0, 0, 0],
            [1, 0x04, 10, 0, 0, 1, 0, 53, 13, 0, 0],
        ];
        i = 0;
        foreach (var m in models) yield return ($"model-{i++}", m);
    }

    /// <summary>The C# raw string literals (<c>"""...""""</c>) of a source file.</summary>
    private static IEnumerable<string> RawStrings(string source)
    {
        const string q = "\"\"\"";
        for (int at = source.IndexOf(q, StringComparison.Ordinal); at >= 0;)
        {
            int end = source.IndexOf(q, at + 3, StringComparison.Ordinal);
            if (end < 0) yield break;
            yield return source[(at + 3)..end].Trim();
            at = source.IndexOf(q, end + 3, StringComparison.Ordinal);
        }
    }
}
