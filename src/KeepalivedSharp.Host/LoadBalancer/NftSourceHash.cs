using KeepalivedSharp.Core.Check;

namespace KeepalivedSharp.Host.LoadBalancer;

/// <summary>
/// IPVS's sh scheduler (ip_vs_sh.c) as a slot map computed by us: a fixed table of 256 buckets
/// (CONFIG_IP_VS_SH_TAB_BITS 8) dealt to every destination in turn, weight 0 included, each taking as
/// many consecutive buckets as its weight (ip_vs_sh_reassign). Because a server at weight 0 keeps its
/// buckets, inhibiting it moves no other source. A bucket whose server is at weight 0 is dropped
/// (rejected, as IPVS's "no destination available") unless sh-fallback is set; then it goes to the
/// first available server found by walking the table from twice its index, as
/// ip_vs_sh_get_fallback probes (offset + ihash + hash): the same other server for that bucket every time.
/// </summary>
public static class NftSourceHash
{
    public const int Buckets = 256;

    public static NftSlots Plan(NftSlotKey key, ServiceEntry entry, bool fallback)
    {
        var dests = entry.Destinations.Keys.ToList();
        var weights = entry.Destinations.Values.Select(d => (long)d.Weight).ToList();
        if (!weights.Any(w => w > 0)) return new NftSlots("sh", key, 0, [], null);
        var owner = Deal(weights);
        var table = new int[Buckets];
        for (int i = 0; i < Buckets; i++)
            table[i] = weights[owner[i]] > 0 ? owner[i] : fallback ? Fallback(owner, weights, i) : -1;
        return new NftSlots("sh", key, Buckets, NftSlots.Runs(table, dests), null);
    }

    /// <summary>
    /// The bucket → destination deal of ip_vs_sh_reassign: turns of max(weight, 1) buckets. Weights are
    /// first divided by the gcd of the positive ones (the shares are IPVS's; a server of weight 2 among
    /// equals taking one bucket a turn keeps the deal when it drops to 0) and scaled to fit the table.
    /// </summary>
    internal static int[] Deal(List<long> weights)
    {
        long g = weights.Where(w => w > 0).Aggregate(NftSlots.Gcd);
        var turns = weights.Select(w => Math.Max(1, w / g)).ToList();
        long sum = turns.Sum();
        if (sum > Buckets) turns = turns.Select(t => Math.Max(1, t * Buckets / sum)).ToList();
        var owner = new int[Buckets];
        int d = 0;
        long taken = 0;
        for (int i = 0; i < Buckets; i++)
        {
            owner[i] = d;
            if (++taken >= turns[d])
            {
                d = (d + 1) % turns.Count;
                taken = 0;
            }
        }
        return owner;
    }

    /// <summary>ip_vs_sh_get_fallback: buckets (2 × bucket + offset) mod 256 for offset 0..255, the first available.</summary>
    private static int Fallback(int[] owner, List<long> weights, int bucket)
    {
        for (int offset = 0; offset < Buckets; offset++)
        {
            int o = owner[(2 * bucket + offset) % Buckets];
            if (weights[o] > 0) return o;
        }
        return -1;
    }
}
