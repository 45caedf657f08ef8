using KeepalivedSharp.Soak;

namespace KeepalivedSharp.Daemon.Tests.Soak;

public class ChaosPlanTests
{
    private static readonly SoakBounds Bounds = SoakBounds.For(1, SoakConfigs.LowestPriority);

    [Fact]
    public void SameSeed_SamePlan_OtherSeed_OtherPlan()
    {
        var a = ChaosPlan.Create(7, 120, SoakRun.Kinds, Bounds).Format(SoakRun.NodeNames);
        Assert.Equal(a, ChaosPlan.Create(7, 120, SoakRun.Kinds, Bounds).Format(SoakRun.NodeNames));
        Assert.NotEqual(a, ChaosPlan.Create(8, 120, SoakRun.Kinds, Bounds).Format(SoakRun.NodeNames));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(20261202)]
    [InlineData(42)]
    public void TwoMinutePlan_EveryKindOnce_NoOverlap_HealCheckedBeforeTheEnd(int seed)
    {
        var plan = ChaosPlan.Create(seed, 120, SoakRun.Kinds, Bounds);
        Assert.Equal(Enum.GetValues<FaultKind>().Order(), plan.Faults.Select(f => f.Kind).Distinct().Order());
        Assert.True(plan.Faults[0].At >= Bounds.Startup);
        for (int k = 1; k < plan.Faults.Count; k++)
            Assert.True(plan.Faults[k].At >= plan.Faults[k - 1].HealAt + Bounds.Quiet - 1e-9, $"fault {k} starts before {k - 1}'s heal check ends");
        Assert.True(plan.Faults[^1].HealAt + Bounds.Settle + Bounds.CheckWindow <= 120);
        // A broken file only goes to ours: keepalived would run what it could parse of it.
        Assert.All(plan.Faults.Where(f => f.Kind == FaultKind.ReloadBroken), f => Assert.Equal(NodeKind.Ours, SoakRun.Kinds[f.Node]));
        // A partition outlasts Master_Down_Interval, so the cut-off side elects itself.
        Assert.All(plan.Faults.Where(f => f.Kind == FaultKind.Partition), f => Assert.True(f.Hold > Bounds.MasterDown));
    }
}
