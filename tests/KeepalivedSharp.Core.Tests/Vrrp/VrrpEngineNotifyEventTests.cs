using KeepalivedSharp.Core.Tracking;
using KeepalivedSharp.Core.Vrrp;
using static KeepalivedSharp.Core.Tests.Vrrp.EngineHarness;

namespace KeepalivedSharp.Core.Tests.Vrrp;

/// <summary>
/// keepalived 2.2.7's notifications beyond state changes: a removed instance (vrrp.c clear_diff_vrrp, notify_deleted),
/// fifo_write_vrrp_states_on_reload (vrrp_scheduler.c vrrp_init_state), notify_priority_changes
/// (vrrp_track.c vrrp_set_effective_priority) and the MASTER_RX_LOWER_PRI event (vrrp.c vrrp_state_master_rx).
/// </summary>
public class VrrpEngineNotifyEventTests
{
    private static readonly InstanceSettings Kept = Instance(150);
    private static readonly InstanceSettings Deleted = Instance(120, name: "VI_2", vrid: 52, tweak: s => s with { NotifyDeleted = true });
    private static readonly InstanceSettings Plain = Instance(110, name: "VI_3", vrid: 53);

    [Fact]
    public void Removed_DeletedWithNotifyDeleted_ElseFault_AndNoStop()
    {
        var h = new EngineHarness([Kept, Deleted, Plain], []);
        h.Start();
        h.RunUntil(5);
        var output = Reload(h, Kept);
        Assert.Equal(
            [new RunNotify(NotifyKind.Instance, "VI_2", VrrpState.Deleted, 120, NotifyScope.Removed),
             new RunNotify(NotifyKind.Instance, "VI_3", VrrpState.Fault, 110, NotifyScope.Removed)],
            output.OfType<RunNotify>());
        Assert.All(output.OfType<StateChanged>(), c => Assert.Equal((VrrpState.Deleted, TransitionReason.Removed), (c.To, c.Reason)));
    }

    [Fact]
    public void Removed_InFault_NothingWithoutNotifyDeleted_DeletedWithIt()
    {
        var link = new TrackBinding(TrackerKind.Interface, "eth1", 0);
        var h = new EngineHarness([Kept, Deleted with { Trackers = [link] }, Plain with { Trackers = [link] }], []);
        h.Link("eth1", false);
        h.Start();
        h.RunUntil(5);
        var output = Reload(h, Kept);
        Assert.Equal([new RunNotify(NotifyKind.Instance, "VI_2", VrrpState.Deleted, 120, NotifyScope.Removed)], output.OfType<RunNotify>());
    }

    [Fact]
    public void FifoWriteStatesOnReload_BackupAndFaultWrittenAgain_MasterNot()
    {
        var link = new TrackBinding(TrackerKind.Interface, "eth1", 0);
        var backup = Instance(100, name: "VI_2", vrid: 52);
        var fault = Instance(100, name: "VI_3", vrid: 53, tweak: s => s with { Trackers = [link] });
        var h = new EngineHarness([Kept, backup, fault], []);
        h.Link("eth1", false);
        h.Start();
        h.RunUntil(5);
        // VI_2 hears a higher master and stays BACKUP.
        h.Receive(Advert(200, vrid: 52), HighPeer);
        Assert.Equal([VrrpState.Master, VrrpState.Backup, VrrpState.Fault], h.Engine.Snapshot().Select(s => s.State));

        Assert.Empty(Reload(h, Kept, backup, fault).OfType<RunNotify>());
        h.Engine.FifoWriteStatesOnReload = true;
        Assert.Equal(
            [new RunNotify(NotifyKind.Instance, "VI_2", VrrpState.Backup, 100, NotifyScope.FifoOnly),
             new RunNotify(NotifyKind.Instance, "VI_3", VrrpState.Fault, 100, NotifyScope.FifoOnly)],
            Reload(h, Kept, backup, fault).OfType<RunNotify>());
    }

    [Fact]
    public void NotifyPriorityChanges_MasterAndBackupEvents_OnlyWhenSet()
    {
        var tracked = Instance(100, tweak: s => s with { Trackers = [new TrackBinding(TrackerKind.Script, "chk", -20)], NotifyPriorityChanges = true });
        var h = new EngineHarness(tracked, [new ScriptSettings("chk")]);
        h.Start();
        h.Script("chk", true);
        h.RunUntil(5);
        Assert.Equal(VrrpState.Master, h.State);
        h.Script("chk", false);
        h.Receive(Advert(90));
        Assert.Equal(VrrpState.Backup, h.State);
        h.Script("chk", true);
        Assert.Equal(
            [new InstanceEvent("VI_1", NotifyEvent.MasterPriority, 80), new InstanceEvent("VI_1", NotifyEvent.BackupPriority, 100)],
            h.Actions<InstanceEvent>());

        var quiet = new EngineHarness(tracked with { NotifyPriorityChanges = false }, [new ScriptSettings("chk")]);
        quiet.Start();
        quiet.Script("chk", true);
        quiet.RunUntil(5);
        quiet.Script("chk", false);
        Assert.Single(quiet.Actions<PriorityChanged>());
        Assert.Empty(quiet.Actions<InstanceEvent>());
    }

    [Fact]
    public void NotifyPriorityChanges_LoweredAtStartAndAtEachReload_BackupPriorityLine()
    {
        // keepalived's initialise_tracking_priorities: the first reading of a fresh (or reloaded) instance is a change
        // from its configured priority, written while the state is INIT, so BACKUP_PRIORITY even for a MASTER.
        var weighted = Instance(150, tweak: s => s with { Trackers = [new TrackBinding(TrackerKind.Interface, "eth2", -20)], NotifyPriorityChanges = true });
        var h = new EngineHarness(weighted);
        h.Link("eth2", false);
        h.Start();
        Assert.Equal([new InstanceEvent("VI_1", NotifyEvent.BackupPriority, 130)], h.Actions<InstanceEvent>());
        h.RunUntil(5);
        Assert.Equal(VrrpState.Master, h.State);
        Assert.Equal([new InstanceEvent("VI_1", NotifyEvent.BackupPriority, 130)], Reload(h, weighted).OfType<InstanceEvent>());
        // Back at its configured priority: nothing at the next reload (the rebuilt instance starts there).
        h.Link("eth2", true);
        Assert.Empty(Reload(h, weighted).OfType<InstanceEvent>());
    }

    [Fact]
    public void NotifyPriorityChanges_InstanceAddedByAReload_PriorityLineBeforeItsFirstState()
    {
        var first = Instance(150);
        var h = new EngineHarness(first);
        h.Link("eth2", false);
        h.Start();
        h.RunUntil(5);
        var added = Instance(120, name: "VI_2", vrid: 52, tweak: s => s with { Trackers = [new TrackBinding(TrackerKind.Interface, "eth2", -20)], NotifyPriorityChanges = true });
        var output = Reload(h, first, added);
        int line = output.FindIndex(a => a is InstanceEvent { Instance: "VI_2", Event: NotifyEvent.BackupPriority, Priority: 100 });
        int state = output.FindIndex(a => a is StateChanged { Instance: "VI_2" });
        Assert.True(line >= 0 && state > line, string.Join("\n", output));
    }

    [Fact]
    public void MasterHearsLowerPriority_RxLowerPriEvent_WithinTheAnswerLimit()
    {
        var h = new EngineHarness(Instance(100));
        h.Start();
        h.RunUntil(5);
        h.Receive(Advert(50));
        Assert.Equal([new InstanceEvent("VI_1", NotifyEvent.MasterRxLowerPriority, 100)], h.Actions<InstanceEvent>());
        // A flood: no more events than answers sent.
        for (int k = 0; k < 1000; k++)
        {
            h.RunUntil(5 + k * 0.001);
            h.Receive(Advert(50));
        }
        int answers = h.Log.Count(l => l.Action is SendAdvert && l.At > TimeSpan.FromSeconds(5));
        Assert.InRange(h.Actions<InstanceEvent>().Count(), 1, answers + 1);
        Assert.True(h.Actions<InstanceEvent>().Count() < 50);
    }
}
