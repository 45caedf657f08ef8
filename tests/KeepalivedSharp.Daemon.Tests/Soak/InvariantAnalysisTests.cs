using KeepalivedSharp.Soak;

namespace KeepalivedSharp.Daemon.Tests.Soak;

/// <summary>The soak's invariant analysis on hand-made timelines (no root, no lab).</summary>
public class InvariantAnalysisTests
{
    private static string[] Classes(SoakVerdict v) => [.. v.Violations.Select(x => x.Class)];

    [Fact]
    public void CleanFailover_WithinTheBound_NoViolation()
    {
        // n0 master until it is killed at 10 s; n1 takes over at 13.6 s (one Master_Down_Interval).
        var s = new SyntheticTimeline(40, (t, n) => n == 0 ? t < 10 || t >= 16 : n == 1 && t >= 13.6 && t < 16.2,
            (t, n) => n == 0 ? t < 10 || t >= 16 : n == 1 && t >= 14 && t < 16.5);
        s.Fault(FaultKind.Crash, 0, 10, 16);
        s.Timeline.Down.Add(new Window(10, 16, 0, "down"));
        var v = s.Analyze();
        Assert.Empty(v.Violations);
        Assert.InRange(v.Faults.Single().LongestLoss, 3.4, 3.8);
    }

    [Fact]
    public void TwoHoldersOutsideAPartition_LongerThanMasterDown_IsDualHolder()
    {
        var s = new SyntheticTimeline(30, (t, n) => n == 0 || n == 1 && t >= 10 && t < 16, (t, n) => n == 0);
        var v = s.Analyze();
        var d = Assert.Single(v.Violations);
        Assert.Equal(InvariantAnalysis.DualHolder, d.Class);
        Assert.InRange(d.Duration, 5.8, 6.2);
    }

    [Fact]
    public void TwoHoldersShorterThanMasterDown_NoViolation()
    {
        var s = new SyntheticTimeline(30, (t, n) => n == 0 || n == 1 && t >= 10 && t < 13, (t, n) => n == 0);
        Assert.Empty(s.Analyze().Violations);
    }

    [Fact]
    public void TwoHoldersDuringAPartition_AndUntilOneMasterDownAfterTheHeal_AreExcused()
    {
        // n2 cut off 10-18 s elects itself (a VIP on each side), drops it 2 s after the heal.
        var s = new SyntheticTimeline(40, (t, n) => n == 0 || n == 2 && t >= 13.8 && t < 20, (t, n) => n == 0 || n == 2 && t >= 14 && t < 19);
        s.Fault(FaultKind.Partition, 2, 10, 18);
        var v = s.Analyze();
        Assert.Empty(v.Violations);
        Assert.Contains(v.Excused, e => e.Reason == "partition");
    }

    [Fact]
    public void StaleVipOfADeadNode_IsExcusedWhileDown_ButNotLongAfterItsRestart()
    {
        // n0 killed at 10 s keeps its VIP; n1 master from 13.6 s; n0 restarts at 15 s and keeps the stale VIP until 22 s.
        var s = new SyntheticTimeline(40, (t, n) => n == 0 ? t < 22 : n == 1 && t >= 13.6, (t, n) => n == 0 ? t < 10 : n == 1 && t >= 14);
        s.Fault(FaultKind.Crash, 0, 10, 15);
        s.Timeline.Down.Add(new Window(10, 15, 0, "down"));
        var v = s.Analyze();
        var d = Assert.Single(v.Violations);
        Assert.Equal(InvariantAnalysis.StaleAfterRestart, d.Class);
        Assert.Equal(0, d.Node);
        Assert.InRange(d.Start, 14.9, 15.3);
        Assert.Contains(v.Excused, e => e.Reason == "holder-down");
    }

    [Fact]
    public void FrozenMaster_TwoHoldersUntilItResumes_IsExcused()
    {
        var s = new SyntheticTimeline(40, (t, n) => n == 0 ? true : n == 1 && t >= 13.6 && t < 19.5, (t, n) => n == 0 ? t < 10 || t >= 19 : n == 1 && t >= 14 && t < 19.5);
        s.Fault(FaultKind.Freeze, 0, 10, 19);
        s.Timeline.Frozen.Add(new Window(10, 19, 0, "frozen"));
        Assert.Empty(s.Analyze().Violations);
    }

    [Fact]
    public void VipMissingLongerThanTheFailoverBound_IsVipLost()
    {
        var s = new SyntheticTimeline(40, (t, n) => n == 0 && (t < 10 || t >= 18), (t, n) => n == 0 && (t < 10 || t >= 18));
        var d = Assert.Single(s.Analyze().Violations, x => x.Class == InvariantAnalysis.VipLost);
        Assert.InRange(d.Duration, 7.8, 8.2);
    }

    [Fact]
    public void ObserverStall_IsNeverAViolation()
    {
        // Nothing sampled from 10 s to 20 s: the samples on either side show no holder, but nobody saw the gap.
        var s = new SyntheticTimeline(40, (t, n) => n == 0 && (t < 9.9 || t >= 20.1), (t, n) => n == 0);
        s.Timeline.Holders.RemoveAll(h => h.T > 10 && h.T < 20);
        s.Timeline.Stalls.Add(new Window(10, 20, 0, "observer-stall"));
        Assert.Empty(s.Analyze().Violations);
    }

    [Fact]
    public void MasterSendingNothingAfterItsInterfaceWasRecreated_IsClassedApart_AndFailsTheRun()
    {
        // n0 claims MASTER throughout; its interface is re-created at 10 s and it never sends again; n1 takes over.
        var s = new SyntheticTimeline(40, (t, n) => n == 0 ? t < 10 : n == 1 && t >= 13.6, (t, n) => n == 0 ? t < 10 : n == 1 && t >= 14);
        s.State(0.5, 0, "MASTER").State(0.4, 1, "BACKUP").State(13.6, 1, "MASTER");
        s.Fault(FaultKind.Recreate, 0, 10, 10.2);
        var v = s.Analyze();
        var d = Assert.Single(v.Violations);
        Assert.Equal(InvariantAnalysis.SilentAfterRecreate, d.Class);
        // Fixed (issue 10 defect 1): no longer exempt, so a regression fails the soak.
        Assert.DoesNotContain(d.Class, InvariantAnalysis.Known);
        Assert.InRange(d.Duration, 29, 31);
    }

    [Fact]
    public void SilentMasterWithoutARecreate_IsPlainSilentMaster()
    {
        var s = new SyntheticTimeline(40, (t, n) => n == 0 ? t < 10 : n == 1 && t >= 13.6, (t, n) => n == 0 ? t < 10 : n == 1 && t >= 14);
        s.State(0.5, 0, "MASTER").State(13.6, 1, "MASTER");
        var d = Assert.Single(s.Analyze().Violations);
        Assert.Equal(InvariantAnalysis.SilentMaster, d.Class);
        Assert.DoesNotContain(d.Class, InvariantAnalysis.Known);
    }

    [Fact]
    public void TwoAdvertSourcesAfterAHeal_IsSplitBrain()
    {
        // Partition 10-18 s; after the heal both n0 and n2 keep sending for the VRID.
        var s = new SyntheticTimeline(40, (t, n) => n == 0, (t, n) => n == 0 || n == 2 && t >= 14);
        s.Fault(FaultKind.Partition, 2, 10, 18);
        Assert.Contains(InvariantAnalysis.HealSplit, Classes(s.Analyze()));
    }

    [Fact]
    public void NoAdvertAfterAHeal_IsNoMaster()
    {
        var s = new SyntheticTimeline(40, (t, n) => n == 0, (t, n) => n == 0 && t < 12);
        s.Fault(FaultKind.LinkFlap, 1, 10, 12);
        Assert.Contains(InvariantAnalysis.HealNoMaster, Classes(s.Analyze()));
    }

    [Fact]
    public void Subtract_RemovesEveryWindow()
    {
        var pieces = InvariantAnalysis.Subtract(0, 10, [new Window(1, 2, 0, ""), new Window(5, 7, 0, ""), new Window(9, 12, 0, "")]);
        Assert.Equal([(0.0, 1.0), (2.0, 5.0), (7.0, 9.0)], pieces);
    }
}
