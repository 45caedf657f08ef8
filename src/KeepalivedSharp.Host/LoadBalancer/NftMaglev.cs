using System.Buffers.Binary;
using KeepalivedSharp.Core.Check;

namespace KeepalivedSharp.Host.LoadBalancer;

/// <summary>
/// The Maglev lookup table of IPVS's mh scheduler (ip_vs_mh.c; Eisenbud et al., NSDI 2016, section 3.4),
/// computed here so that nftables can run it as a slot map: each destination walks its own permutation
/// of the slots, and the destinations take turns, in proportion to their weights, claiming the next free
/// slot of theirs. Removing one destination moves its slots and few others, unlike a modulus over blocks.
/// </summary>
public static class NftMaglev
{
    /// <summary>
    /// IPVS's default table size (CONFIG_IP_VS_MH_TAB_INDEX 12: the prime 4093). It never depends on the
    /// servers: a table that changed size with them would reshuffle every client when one leaves.
    /// </summary>
    public const int Size = 4093;

    /// <summary>
    /// The slot → destination table for <paramref name="live"/> (weights above 0). It depends only on the
    /// set, not on its order, and is the same on every node: both directors of a pair map a client alike.
    /// </summary>
    public static int[] Table(IReadOnlyList<(DestinationKey Key, long Weight)> live, out List<DestinationKey> order)
    {
        var sorted = live.OrderBy(d => d.Key.Address.GetAddressBytes(), ByteOrder.Instance).ThenBy(d => d.Key.Port).ToList();
        order = sorted.Select(d => d.Key).ToList();
        var turns = Turns(sorted.Select(d => d.Weight).ToList());
        const int size = Size;
        var table = new int[size];
        Array.Fill(table, -1);
        if (sorted.Count == 0) return table;

        var offset = new long[sorted.Count];
        var skip = new long[sorted.Count];
        var next = new long[sorted.Count];
        for (int i = 0; i < sorted.Count; i++)
        {
            // ip_vs_mh_permutate: offset = h1 mod M, skip = h2 mod (M - 1) + 1, so that each walk visits every slot (M is prime).
            (ulong h1, ulong h2) = Hashes(sorted[i].Key);
            offset[i] = (long)(h1 % (ulong)size);
            skip[i] = (long)(h2 % (ulong)(size - 1)) + 1;
        }
        int filled = 0;
        while (true)
        {
            for (int i = 0; i < sorted.Count; i++)
            {
                for (int t = 0; t < turns[i]; t++)
                {
                    long c;
                    do c = (offset[i] + next[i]++ * skip[i]) % size;
                    while (table[c] >= 0);
                    table[c] = i;
                    if (++filled == size) return table;
                }
            }
        }
    }

    /// <summary>Weights over their gcd (ip_vs_mh_gcd_weight), scaled down so that a round has at most <see cref="Size"/> turns.</summary>
    private static List<int> Turns(List<long> weights)
    {
        if (weights.Count == 0) return [];
        long g = weights.Aggregate(NftSlots.Gcd);
        var w = weights.Select(x => x / g).ToList();
        long sum = w.Sum();
        return w.Select(x => (int)(sum <= Size ? x : Math.Max(1, x * Size / sum))).ToList();
    }

    /// <summary>Two independent 64-bit hashes of address and port: FNV-1a over the bytes, each with its own basis, then splitmix64's finaliser.</summary>
    private static (ulong, ulong) Hashes(DestinationKey key)
    {
        Span<byte> bytes = stackalloc byte[18];
        key.Address.TryWriteBytes(bytes, out int n);
        BinaryPrimitives.WriteUInt16BigEndian(bytes[n..], key.Port);
        var data = bytes[..(n + 2)];
        return (Mix(Fnv(data, 0xcbf29ce484222325)), Mix(Fnv(data, 0x84222325cbf29ce4)));
    }

    private static ulong Fnv(ReadOnlySpan<byte> data, ulong basis)
    {
        ulong h = basis;
        foreach (byte b in data) h = (h ^ b) * 0x100000001b3;
        return h;
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
        z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
        return z ^ (z >> 31);
    }

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x!.Length != y!.Length ? x.Length - y.Length : x.AsSpan().SequenceCompareTo(y);
    }
}
