using System.Collections.Immutable;
using System.Net;
using KeepalivedSharp.Core.Check;
using KeepalivedSharp.Host.LoadBalancer;

namespace KeepalivedSharp.Host.Tests.LoadBalancer;

/// <summary>Schedulers as slot maps: the order IPVS picks in, weight 0 out, the fallbacks named.</summary>
public sealed class NftSlotsTests
{
    internal static readonly DestinationKey A = new(IPAddress.Parse("10.0.1.11"), 80);
    internal static readonly DestinationKey B = new(IPAddress.Parse("10.0.1.12"), 80);
    internal static readonly DestinationKey C = new(IPAddress.Parse("10.0.1.13"), 8080);

    internal static ServiceEntry Entry(string sched, params (DestinationKey Key, int Weight)[] dests) =>
        new(ServiceOptions.Default with { Scheduler = sched },
            dests.Aggregate(LoadBalancerTable.NoDestinations, (m, d) => m.Add(d.Key, new Destination(DestinationOptions.Nat, d.Weight))));

    private static string Order(NftSlots s) =>
        string.Concat(s.Ranges.SelectMany(r => Enumerable.Repeat(r.Destination == A ? 'A' : r.Destination == B ? 'B' : 'C', (int)(r.High - r.Low + 1))));

    [Fact]
    public void Wrr_FollowsIpvsOrder_GcdReduced()
    {
        // ip_vs_wrr.c: cw from the max weight down; 6:4:2 is 3:2:1 after the gcd.
        var s = NftSlots.Plan(Entry("wrr", (A, 6), (B, 4), (C, 2)));
        Assert.Equal(6u, s.Modulus);
        Assert.Equal("AABABC", Order(s));
        Assert.Null(s.Fallback);
    }

    [Fact]
    public void Rr_OneSlotEach_WeightZeroGetsNone()
    {
        var s = NftSlots.Plan(Entry("rr", (A, 5), (B, 0), (C, 1)));
        Assert.Equal(2u, s.Modulus);
        Assert.Equal("AC", Order(s));
    }

    [Fact]
    public void AllWeightZero_NoRanges()
    {
        var s = NftSlots.Plan(Entry("wrr", (A, 0), (B, 0)));
        Assert.True(s.Ranges.IsEmpty);
    }

    [Fact]
    public void Wlc_FallsBackToWrr_WithAReason()
    {
        var s = NftSlots.Plan(Entry("wlc", (A, 3), (B, 1)));
        Assert.Equal("wrr", s.Scheduler);
        Assert.Equal("AAAB", Order(s));
        Assert.Contains("runs as wrr", s.Fallback, StringComparison.Ordinal);
    }

    [Fact]
    public void Sh_HashesTheSource_WeightedBlocks_Fo_HighestWeightOnly()
    {
        // ip_vs_sh_reassign: 256 buckets dealt in turns of the weight.
        var sh = NftSlots.Plan(Entry("sh", (A, 2), (B, 1)));
        Assert.Equal((NftSlotKey.SourceHash, 256u), (sh.Key, sh.Modulus));
        Assert.Equal(string.Concat(Enumerable.Repeat("AAB", 86))[..256], Order(sh));
        var fo = NftSlots.Plan(Entry("fo", (A, 2), (B, 5), (C, 5)));
        Assert.Equal("B", Order(fo));
    }

    [Fact]
    public void HugeWeights_ScaledToAtMostMaxSlots()
    {
        var s = NftSlots.Plan(Entry("wrr", (A, int.MaxValue), (B, int.MaxValue - 1), (C, 1)));
        Assert.True(s.Modulus <= NftSlots.MaxSlots + 3, $"{s.Modulus}");
        Assert.Equal(3, s.Ranges.Length);
        Assert.Equal(s.Modulus - 1, s.Ranges[^1].High);
    }

    private static int[] Shares(NftSlots s, params DestinationKey[] keys) =>
        keys.Select(k => s.Ranges.Where(r => r.Destination == k).Sum(r => (int)(r.High - r.Low + 1))).ToArray();

    /// <summary>The destination of each slot, for comparing two tables slot by slot.</summary>
    /// <summary>Each slot's destination; default for a slot left out.</summary>
    internal static DestinationKey[] Slots(NftSlots s)
    {
        var slots = new DestinationKey[s.Modulus];
        foreach (var r in s.Ranges)
            for (uint i = r.Low; i <= r.High; i++) slots[i] = r.Destination;
        return slots;
    }

    [Fact]
    public void Mh_MaglevTable_EvenShares_WeightedTurns_NoFallbackText()
    {
        // IPVS's default table of 4093 slots, whatever the servers.
        var even = NftSlots.Plan(Entry("mh", (A, 1), (B, 1), (C, 1)));
        Assert.Equal(("mh", NftSlotKey.SourceHash, 4093u), (even.Scheduler, even.Key, even.Modulus));
        Assert.Null(even.Fallback);
        Assert.Equal(even.Modulus - 1, even.Ranges.Max(r => r.High));
        // One turn each per round: the shares differ by one slot at most.
        Assert.InRange(Shares(even, A, B, C).Max() - Shares(even, A, B, C).Min(), 0, 1);
        // Interleaved, not three blocks: Maglev scatters each server's slots.
        Assert.True(even.Ranges.Length > 100, $"{even.Ranges.Length} runs");

        // 6:4:2 is 3:2:1 turns a round: shared 3:2:1 to within one round.
        var weighted = NftSlots.Plan(Entry("mh", (A, 6), (B, 4), (C, 2)));
        var w = Shares(weighted, A, B, C);
        Assert.Equal(4093, w.Sum());
        Assert.InRange(w[0], 4093 * 3 / 6 - 3, 4093 * 3 / 6 + 3);
        Assert.InRange(w[2], 4093 / 6 - 3, 4093 / 6 + 3);
    }

    [Fact]
    public void Mh_SameTableWhateverTheOrder_WeightZeroOut_PortFlagHashesThePort()
    {
        var abc = NftSlots.Plan(Entry("mh", (A, 1), (B, 1), (C, 1)));
        var cab = NftSlots.Plan(Entry("mh", (C, 1), (A, 1), (B, 1)));
        Assert.Equal(abc.Ranges.ToArray(), cab.Ranges.ToArray());
        var withZero = NftSlots.Plan(Entry("mh", (A, 1), (B, 0), (C, 1)));
        Assert.DoesNotContain(withZero.Ranges, r => r.Destination == B);
        Assert.True(NftSlots.Plan(Entry("mh")).Ranges.IsEmpty);

        var port = Entry("mh", (A, 1), (B, 1));
        port = port with { Options = port.Options with { Flags = 0x10 | 0x8 } };
        var ported = NftSlots.Plan(port);
        Assert.Equal(NftSlotKey.SourceAndPortHash, ported.Key);
        Assert.Null(ported.Fallback);
        var sh = Entry("sh", (A, 1), (B, 1));
        Assert.Equal(NftSlotKey.SourceAndPortHash, NftSlots.Plan(sh with { Options = sh.Options with { Flags = 0x10 } }).Key);
        Assert.Null(NftSlots.Plan(sh with { Options = sh.Options with { Flags = 0x8 } }).Fallback);
    }

    [Fact]
    public void Mh_RemovingOneOfFive_MovesItsSlots_AndFewOthers()
    {
        // Maglev's point (NSDI 2016, 3.4): when a server leaves, the slots of the others mostly stay.
        var five = Enumerable.Range(1, 5).Select(i => (new DestinationKey(IPAddress.Parse($"10.0.1.{i}"), 80), 1)).ToArray();
        var before = Slots(NftSlots.Plan(Entry("mh", five)));
        var after = Slots(NftSlots.Plan(Entry("mh", five[1..])));
        Assert.Equal(before.Length, after.Length);
        int kept = 0, others = 0;
        for (int i = 0; i < before.Length; i++)
        {
            if (before[i] == five[0].Item1) continue;
            others++;
            if (after[i] == before[i]) kept++;
        }
        Assert.True(kept >= others * 9 / 10, $"{kept} of {others} slots of the remaining servers kept");
        // sh's deal of buckets in turns, for contrast, moves most of them when a server is removed.
        var shBefore = Slots(NftSlots.Plan(Entry("sh", five)));
        var shAfter = Slots(NftSlots.Plan(Entry("sh", five[1..])));
        Assert.True(Enumerable.Range(0, shAfter.Length).Count(i => shAfter[i] == shBefore[i]) < shAfter.Length);
    }

    [Fact]
    public void Mh_ThousandServers_OneTableSize_EveryServerHasSlots()
    {
        var many = Enumerable.Range(0, 1000).Select(i => (new DestinationKey(IPAddress.Parse($"10.1.{i / 250}.{i % 250 + 1}"), 80), 1 + i % 3)).ToArray();
        var s = NftSlots.Plan(Entry("mh", many));
        Assert.Equal((uint)NftMaglev.Size, s.Modulus);
        Assert.Equal(1000, s.Ranges.Select(r => r.Destination).Distinct().Count());
    }
}
