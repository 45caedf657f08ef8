using KeepalivedSharp.Core.Tracking;
using KeepalivedSharp.Core.Vrrp;
using static KeepalivedSharp.Core.Tests.Vrrp.EngineHarness;

namespace KeepalivedSharp.Core.Tests.Vrrp;

public class VrrpEngineSyncGroupTests
{
    private static EngineHarness Group(Func<InstanceSettings, InstanceSettings>? second = null)
    {
        var a = Instance(100, name: "VI_A", vrid: 1);
        var b = Instance(100, name: "VI_B", vrid: 2, tweak: second);
        return new EngineHarness([a, b], [new SyncGroupSettings("G", ["VI_A", "VI_B"])], [new ScriptSettings("chk")]);
    }

    private static VrrpState StateOf(EngineHarness h, string name) => h.Engine.Snapshot().Single(s => s.Name == name).State;

    [Fact]
    public void Tick_BothMembersTimeOut_BothBecomeMasterTogether()
    {
        var h = Group();
        h.Start();
        h.RunUntil(5);
        Assert.Equal(VrrpState.Master, StateOf(h, "VI_A"));
        Assert.Equal(VrrpState.Master, StateOf(h, "VI_B"));
        Assert.Equal(h.BecameMasterAt("VI_A"), h.BecameMasterAt("VI_B"));
        Assert.Contains(h.Actions<RunNotify>(), n => n.Kind == NotifyKind.Group && n.State == VrrpState.Master);
    }

    [Fact]
    public void Receive_OneMemberHearsHigherPriority_WholeGroupGoesBackup()
    {
        var h = Group();
        h.Start();
        h.RunUntil(5);
        h.Receive(Advert(200, vrid: 1));
        Assert.Equal(VrrpState.Backup, StateOf(h, "VI_A"));
        Assert.Equal(VrrpState.Backup, StateOf(h, "VI_B"));
        Assert.Equal(2, h.Actions<RemoveVirtualAddresses>().Count());
    }

    [Fact]
    public void ScriptResult_OneMemberFaults_WholeGroupFaults()
    {
        var h = Group(s => s with { Trackers = [new TrackBinding(TrackerKind.Script, "chk", 0)] });
        h.Start();
        h.Script("chk", true);
        h.RunUntil(5);
        Assert.Equal(VrrpState.Master, StateOf(h, "VI_A"));
        h.Script("chk", false);
        Assert.Equal(VrrpState.Fault, StateOf(h, "VI_A"));
        Assert.Equal(VrrpState.Fault, StateOf(h, "VI_B"));
        Assert.Equal(("G", VrrpState.Fault), h.Engine.GroupSnapshot().Single());
        h.Script("chk", true);
        Assert.Equal(VrrpState.Backup, StateOf(h, "VI_A"));
        Assert.Equal(VrrpState.Backup, StateOf(h, "VI_B"));
    }

    [Fact]
    public void Receive_OneMemberStillHearsMaster_OtherWaits()
    {
        var h = Group();
        h.Start();
        // Only VI_B's master keeps advertising: VI_A times out but must wait for VI_B.
        h.Feed(0.5, 20.5, 1, () => Advert(200, vrid: 2));
        Assert.Null(h.BecameMasterAt("VI_A"));
        Assert.Null(h.BecameMasterAt("VI_B"));
    }
}
