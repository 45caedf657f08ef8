using KeepalivedSharp.Core.Check;
using KeepalivedSharp.Host.LoadBalancer;
using static KeepalivedSharp.Host.Tests.LoadBalancer.NftSlotsTests;

namespace KeepalivedSharp.Host.Tests.LoadBalancer;

/// <summary>sh as IPVS runs it (ip_vs_sh.c): a fixed deal of 256 buckets, weight 0 kept in it, sh-fallback.</summary>
public sealed class NftSourceHashTests
{
    private static ServiceEntry Sh(bool fallback, int wa, int wb, int wc)
    {
        var e = Entry("sh", (A, wa), (B, wb), (C, wc));
        return fallback ? e with { Options = e.Options with { Flags = 0x8 } } : e;
    }

    [Fact]
    public void WeightZero_WithoutFallback_ItsBucketsLeftOut_NoOtherBucketMoves()
    {
        var all = Slots(NftSlots.Plan(Sh(false, 1, 1, 1)));
        Assert.Equal(256, all.Length);
        Assert.Equal("ABCA", string.Concat(all[..4].Select(Name)));
        var plan = NftSlots.Plan(Sh(false, 1, 0, 1));
        var inhibited = Slots(plan);
        Assert.Equal(256 - 85, plan.Covered);
        for (int i = 0; i < 256; i++) Assert.Equal(all[i] == B ? default : all[i], inhibited[i]);
    }

    [Fact]
    public void WeightZero_WithFallback_ItsBucketsGoElsewhere_TheOthersStay_AsIpvsProbes()
    {
        var all = Slots(NftSlots.Plan(Sh(true, 1, 1, 1)));
        var plan = NftSlots.Plan(Sh(true, 1, 0, 1));
        var fell = Slots(plan);
        Assert.Equal(256, plan.Covered);
        for (int i = 0; i < 256; i++)
        {
            if (all[i] != B) Assert.Equal(all[i], fell[i]);
            else Assert.NotEqual(B, fell[i]);
        }
        // Bucket 1 (B): ip_vs_sh_get_fallback probes buckets 2, 3, ... : bucket 2 is C's.
        Assert.Equal(C, fell[1]);
        // With the deal ABCABC.., B's bucket 3k+1 probes from 6k+2 (mod 256): always a C bucket first, as in IPVS.
        Assert.All(Enumerable.Range(0, 256).Where(i => all[i] == B), i => Assert.Equal(C, fell[i]));
        // With A down instead, its clients do spread: bucket 3k probes from 6k, an A bucket until it wraps.
        var noA = Slots(NftSlots.Plan(Sh(true, 0, 1, 1)));
        var moved = Enumerable.Range(0, 256).Where(i => all[i] == A).Select(i => noA[i]).ToList();
        Assert.Contains(B, moved);
        Assert.Contains(C, moved);
    }

    [Fact]
    public void EqualWeightsAboveOne_DropToZero_KeepTheDeal_AllZero_NoSlots()
    {
        Assert.Equal(Slots(NftSlots.Plan(Sh(false, 2, 2, 2))), Slots(NftSlots.Plan(Sh(false, 1, 1, 1))));
        var inhibited = Slots(NftSlots.Plan(Sh(false, 2, 0, 2)));
        Assert.Equal(Slots(NftSlots.Plan(Sh(false, 1, 0, 1))), inhibited);
        Assert.True(NftSlots.Plan(Sh(true, 0, 0, 0)).Ranges.IsEmpty);
        Assert.True(NftSlots.Plan(Entry("sh")).Ranges.IsEmpty);
    }

    [Fact]
    public void MissedSlots_RejectedByTheNextRule()
    {
        var vs = NftCommandsTests.Vs;
        string without = NftCommandsTests.Json(NftCommands.Change(LoadBalancerTable.Empty, NftCommandsTests.Table((vs, Sh(false, 1, 0, 1))), create: false));
        Assert.Contains("""{"reject":{"type":"icmpx","expr":"port-unreachable"}}""", without, StringComparison.Ordinal);
        string with = NftCommandsTests.Json(NftCommands.Change(LoadBalancerTable.Empty, NftCommandsTests.Table((vs, Sh(true, 1, 0, 1))), create: false));
        Assert.DoesNotContain("reject", with, StringComparison.Ordinal);
    }

    private static string Name(DestinationKey d) => d == A ? "A" : d == B ? "B" : d == C ? "C" : "-";
}
