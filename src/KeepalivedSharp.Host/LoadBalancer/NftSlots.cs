using System.Collections.Immutable;
using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Check;

namespace KeepalivedSharp.Host.LoadBalancer;

/// <summary>What picks the slot of a new flow: a counter (rr, wrr, fo) or a hash of the source or destination address (sh, mh, dh).</summary>
public enum NftSlotKey : byte
{
    Counter,
    SourceHash,
    DestinationHash,
    /// <summary>The source address and port (sh-port, mh-port: IP_VS_SVC_F_SCHED_SH_PORT/MH_PORT).</summary>
    SourceAndPortHash,
}

/// <summary>One run of slots <c>Low..High</c> that sends new flows to <see cref="Destination"/>.</summary>
public readonly record struct NftSlotRange(uint Low, uint High, DestinationKey Destination);

/// <summary>
/// A service's scheduler as nftables can run it: a key mod <see cref="Modulus"/> looked up in an
/// interval map of slots. <see cref="Fallback"/> says, in words, what differs from IPVS.
/// </summary>
public sealed record NftSlots(string Scheduler, NftSlotKey Key, uint Modulus, ImmutableArray<NftSlotRange> Ranges, string? Fallback)
{
    /// <summary>Above this many slots a wrr cycle is laid out in blocks, not in IPVS's interleaved order.</summary>
    public const int MaxInterleaved = 4096;

    /// <summary>How many of the <see cref="Modulus"/> slots have a destination.</summary>
    public long Covered => Ranges.Sum(r => (long)r.High - r.Low + 1);

    /// <summary>Weights are scaled down to this many slots at most.</summary>
    public const long MaxSlots = 1 << 20;

    private static readonly ImmutableArray<string> CountSchedulers = ["lc", "wlc", "sed", "nq", "lblc", "lblcr", "ovf", "twos"];

    /// <summary>Destinations of weight 0 get no slot: no new flows, established ones stay in conntrack (as IPVS weight 0).</summary>
    public static NftSlots Plan(ServiceEntry entry)
    {
        var live = entry.Destinations.Where(d => d.Value.Weight > 0).Select(d => (d.Key, (long)d.Value.Weight)).ToList();
        string sched = entry.Options.Scheduler;
        return sched switch
        {
            "rr" => Counter("rr", live.Select(d => (d.Key, 1L)).ToList(), interleave: false, null),
            "wrr" => Counter("wrr", live, interleave: true, null),
            "sh" => NftSourceHash.Plan(SourceKey(entry), entry, fallback: (entry.Options.Flags & Sched1) != 0),
            "dh" => Hashed("dh", NftSlotKey.DestinationHash, live.Select(d => (d.Key, 1L)).ToList(), null),
            "mh" => Maglev(SourceKey(entry), live),
            "fo" => Counter("fo", live.Count == 0 ? [] : [live.MaxBy(d => d.Item2)], interleave: false, null),
            _ when CountSchedulers.Contains(sched) => Counter("wrr", live, interleave: true,
                $"{sched} needs live connection counts, which nftables does not keep: it runs as wrr"),
            _ => Counter("wrr", live, interleave: true, $"unknown scheduler {sched}: it runs as wrr"),
        };
    }

    /// <summary>sh-fallback, mh-fallback (IP_VS_SVC_F_SCHED1).</summary>
    private const uint Sched1 = (uint)LvsServiceFlags.Sched1;

    /// <summary>sh-port, mh-port (IP_VS_SVC_F_SCHED2).</summary>
    private const uint Sched2 = (uint)LvsServiceFlags.Sched2;

    private static NftSlotKey SourceKey(ServiceEntry entry) =>
        (entry.Options.Flags & Sched2) != 0 ? NftSlotKey.SourceAndPortHash : NftSlotKey.SourceHash;

    /// <summary>
    /// mh as its Maglev table, one slot per table entry. mh-fallback needs nothing more here: a server at
    /// weight 0 leaves the table, so its clients move and the others mostly stay, as the fallback gives.
    /// </summary>
    private static NftSlots Maglev(NftSlotKey key, List<(DestinationKey Key, long Weight)> live)
    {
        var table = NftMaglev.Table(live, out var order);
        if (live.Count == 0) return new NftSlots("mh", key, 0, [], null);
        return new NftSlots("mh", key, (uint)table.Length, Runs(table, order), null);
    }

    private static NftSlots Counter(string sched, List<(DestinationKey Key, long Weight)> live, bool interleave, string? fallback)
    {
        var weights = Reduce(live.Select(d => d.Weight).ToList());
        long total = weights.Sum();
        var ranges = interleave && total <= MaxInterleaved ? Runs(WrrSequence(weights), live) : Blocks(weights, live);
        return new NftSlots(sched, NftSlotKey.Counter, (uint)total, ranges, fallback);
    }

    private static NftSlots Hashed(string sched, NftSlotKey key, List<(DestinationKey Key, long Weight)> live, string? fallback)
    {
        var weights = Reduce(live.Select(d => d.Weight).ToList());
        return new NftSlots(sched, key, (uint)weights.Sum(), Blocks(weights, live), fallback);
    }

    /// <summary>Divides by the gcd (as IPVS wrr steps by it, ip_vs_wrr.c ip_vs_wrr_gcd_weight) and scales very large sums down.</summary>
    private static List<long> Reduce(List<long> weights)
    {
        if (weights.Count == 0) return weights;
        long g = weights.Aggregate(Gcd);
        var w = weights.Select(x => x / g).ToList();
        long sum = w.Sum();
        return sum <= MaxSlots ? w : w.Select(x => Math.Max(1, x * MaxSlots / sum)).ToList();
    }

    internal static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);

    /// <summary>Consecutive slots of one destination as interval elements; a slot of -1 has no destination (left out).</summary>
    internal static ImmutableArray<NftSlotRange> Runs(int[] table, IReadOnlyList<DestinationKey> keys)
    {
        var runs = ImmutableArray.CreateBuilder<NftSlotRange>();
        for (int i = 0; i < table.Length;)
        {
            int j = i;
            while (j + 1 < table.Length && table[j + 1] == table[i]) j++;
            if (table[i] >= 0) runs.Add(new NftSlotRange((uint)i, (uint)j, keys[table[i]]));
            i = j + 1;
        }
        return runs.ToImmutable();
    }

    /// <summary>The order IPVS wrr picks in over one cycle (ip_vs_wrr.c ip_vs_wrr_schedule): cw from the max weight down by 1.</summary>
    private static List<int> WrrSequence(List<long> w)
    {
        var order = new List<int>();
        long total = w.Sum(), max = w.Count == 0 ? 0 : w.Max(), cw = max;
        int pos = -1;
        while (order.Count < total)
        {
            if (++pos == w.Count)
            {
                pos = -1;
                if (--cw <= 0) cw = max;
                continue;
            }
            if (w[pos] >= cw) order.Add(pos);
        }
        return order;
    }

    private static ImmutableArray<NftSlotRange> Blocks(List<long> w, List<(DestinationKey Key, long Weight)> live)
    {
        var runs = ImmutableArray.CreateBuilder<NftSlotRange>(w.Count);
        uint low = 0;
        for (int i = 0; i < w.Count; i++)
        {
            runs.Add(new NftSlotRange(low, low + (uint)w[i] - 1, live[i].Key));
            low += (uint)w[i];
        }
        return runs.MoveToImmutable();
    }

    /// <summary>Consecutive slots of one destination become one interval element.</summary>
    private static ImmutableArray<NftSlotRange> Runs(List<int> order, List<(DestinationKey Key, long Weight)> live)
        => Runs([.. order], live.Select(d => d.Key).ToList());
}
