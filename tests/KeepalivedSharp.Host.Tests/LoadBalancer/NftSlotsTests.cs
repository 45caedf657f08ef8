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
        var sh = NftSlots.Plan(Entry("sh", (A, 2), (B, 1)));
        Assert.Equal((NftSlotKey.SourceHash, "AAB"), (sh.Key, Order(sh)));
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
}
