using KeepalivedSharp.Core.Tracking;
using KeepalivedSharp.Core.Vrrp;
using static KeepalivedSharp.Core.Tests.Vrrp.EngineHarness;

namespace KeepalivedSharp.Core.Tests.Vrrp;

public class VrrpEngineTrackingTests
{
    [Fact]
    public void ScriptResult_NegativeWeightFailure_LowersPriorityAndBackupTakesOver()
    {
        var master = new EngineHarness(
            Instance(100, tweak: s => s with { Trackers = [new TrackBinding(TrackerKind.Script, "chk", -20)] }),
            [new ScriptSettings("chk")]);
        master.Start();
        master.Script("chk", true);
        master.RunUntil(4);
        Assert.Equal(VrrpState.Master, master.State);
        master.Script("chk", false);
        Assert.Equal(80, master.Engine.Snapshot()[0].EffectivePriority);
        master.RunUntil(5);
        Assert.Equal(80, master.Actions<SendAdvert>().Last().Advert.Priority);
        // A peer at 90 now wins: the master hears it and steps down.
        master.Receive(Advert(90));
        Assert.Equal(VrrpState.Backup, master.State);
    }

    [Fact]
    public void ScriptResult_WeightZeroFailure_FaultsMasterWithPriorityZeroAndRecovers()
    {
        var h = new EngineHarness(
            Instance(100, tweak: s => s with { Trackers = [new TrackBinding(TrackerKind.Script, "chk", 0)] }),
            [new ScriptSettings("chk", Rise: 2, Fall: 2)]);
        h.Start();
        Assert.Empty(h.Transitions); // INIT until the script's first result
        h.Script("chk", true);
        Assert.Equal(VrrpState.Backup, h.State);
        h.RunUntil(4);
        Assert.Equal(VrrpState.Master, h.State);
        h.Script("chk", false);
        Assert.Equal(VrrpState.Master, h.State); // fall 2
        h.Script("chk", false);
        Assert.Equal(VrrpState.Fault, h.State);
        Assert.Equal(0, h.Actions<SendAdvert>().Last().Advert.Priority);
        Assert.Single(h.Actions<RemoveVirtualAddresses>());
        h.RunUntil(20);
        Assert.Equal(VrrpState.Fault, h.State);
        h.Script("chk", true);
        h.Script("chk", true);
        Assert.Equal(VrrpState.Backup, h.State);
        Assert.Equal(TransitionReason.FaultCleared, h.Transitions.Last().Change.Reason);
    }

    [Fact]
    public void Evaluate_ClampsToOneAnd254_OwnerUntouched()
    {
        var states = new TrackerStates([new ScriptSettings("up"), new ScriptSettings("down")]);
        states.ApplyScriptResult("up", true);
        states.ApplyScriptResult("down", false);
        TrackBinding[] big = [new(TrackerKind.Script, "up", 200)];
        TrackBinding[] small = [new(TrackerKind.Script, "down", -200)];
        Assert.Equal(254, TrackerPolicy.Evaluate(200, "eth0", true, big, states).EffectivePriority);
        Assert.Equal(1, TrackerPolicy.Evaluate(100, "eth0", true, small, states).EffectivePriority);
        Assert.Equal(255, TrackerPolicy.Evaluate(255, "eth0", true, small, states).EffectivePriority);
    }

    [Fact]
    public void Evaluate_ReverseFlipsTheSign()
    {
        var states = new TrackerStates([new ScriptSettings("up")]);
        states.ApplyScriptResult("up", true);
        TrackBinding[] b = [new(TrackerKind.Script, "up", 10, Reverse: true)];
        Assert.Equal(90, TrackerPolicy.Evaluate(100, "eth0", true, b, states).EffectivePriority);
    }

    [Fact]
    public void Evaluate_FileValueTimesWeight_AndMinus254IsFault()
    {
        var states = new TrackerStates([]);
        states.SetFile("f", 3);
        TrackBinding[] b = [new(TrackerKind.File, "f", -5)];
        Assert.Equal(85, TrackerPolicy.Evaluate(100, "eth0", true, b, states).EffectivePriority);
        states.SetFile("f", 60);
        Assert.True(TrackerPolicy.Evaluate(100, "eth0", true, b, states).Fault);
    }

    [Fact]
    public void InterfaceState_PrimaryDown_FaultAndAddressesRemoved_UpReturnsToBackup()
    {
        var h = new EngineHarness(Instance(100));
        h.Start();
        h.RunUntil(4);
        h.Link("eth0", false);
        Assert.Equal(VrrpState.Fault, h.State);
        Assert.Single(h.Actions<RemoveVirtualAddresses>());
        h.RunUntil(30);
        Assert.Equal(VrrpState.Fault, h.State);
        h.Link("eth0", true);
        Assert.Equal(VrrpState.Backup, h.State);
        h.RunUntil(40);
        Assert.Equal(VrrpState.Master, h.State);
    }

    [Fact]
    public void InterfaceState_DontTrackPrimary_NoFault()
    {
        var h = new EngineHarness(Instance(100, tweak: s => s with { DontTrackPrimary = true }));
        h.Start();
        h.Link("eth0", false);
        Assert.Equal(VrrpState.Backup, h.State);
    }

    [Fact]
    public void InterfaceState_TrackedInterfaceWithWeight_AdjustsPriority()
    {
        var h = new EngineHarness(Instance(100, tweak: s => s with { Trackers = [new TrackBinding(TrackerKind.Interface, "eth1", -30)] }));
        h.Start();
        h.Link("eth1", false);
        Assert.Equal(70, h.Engine.Snapshot()[0].EffectivePriority);
        Assert.Equal(VrrpState.Backup, h.State);
    }
}
