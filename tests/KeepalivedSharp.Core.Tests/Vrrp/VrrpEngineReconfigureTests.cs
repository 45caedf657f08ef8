using System.Net;
using KeepalivedSharp.Core.Vrrp;
using static KeepalivedSharp.Core.Tests.Vrrp.EngineHarness;

namespace KeepalivedSharp.Core.Tests.Vrrp;

public class VrrpEngineReconfigureTests
{
    [Fact]
    public void Reconfigure_Unchanged_NoTransitionAndAdvertsKeepTheirRhythm()
    {
        var s = Instance(100);
        var h = new EngineHarness(s);
        h.Start();
        h.RunUntil(5.3);
        var output = Reload(h, s);
        Assert.DoesNotContain(output, a => a is StateChanged or SendAdvert or RemoveVirtualAddresses or AddVirtualAddresses);
        h.RunUntil(10);
        var sends = h.Log.Where(l => l.Action is SendAdvert).Select(l => l.At).ToList();
        for (int k = 1; k < sends.Count; k++) Assert.Equal(TimeSpan.FromSeconds(1), sends[k] - sends[k - 1]);
        Assert.Equal(VrrpState.Master, h.State);
    }

    [Fact]
    public void Reconfigure_TwiceBackToBack_Safe()
    {
        var s = Instance(100);
        var h = new EngineHarness(s);
        h.Start();
        h.RunUntil(5);
        Reload(h, s);
        Reload(h, s);
        h.RunUntil(8);
        Assert.Single(h.Transitions, t => t.Change.To == VrrpState.Master);
    }

    [Fact]
    public void Reconfigure_VipAdded_AdvertsCarryItWithoutTransition()
    {
        var s = Instance(100);
        var h = new EngineHarness(s);
        h.Start();
        h.RunUntil(5);
        var extra = IPAddress.Parse("10.0.0.101");
        var output = Reload(h, s with { VirtualAddresses = [Vip, extra] });
        Assert.DoesNotContain(output, a => a is StateChanged);
        h.RunUntil(7);
        Assert.Contains(extra, h.Actions<SendAdvert>().Last().Advert.Addresses);
    }

    [Fact]
    public void Reconfigure_RemovedMaster_SendsPriorityZeroAndReleases()
    {
        var a = Instance(100);
        var b = Instance(100, name: "VI_2", vrid: 52);
        var h = new EngineHarness([a, b], []);
        h.Start();
        h.RunUntil(5);
        var output = Reload(h, a);
        var zero = Assert.Single(output.OfType<SendAdvert>());
        Assert.Equal(("VI_2", 0), (zero.Instance, zero.Advert.Priority));
        Assert.Equal("VI_2", Assert.Single(output.OfType<RemoveVirtualAddresses>()).Instance);
        Assert.Equal(TransitionReason.Removed, Assert.Single(output.OfType<StateChanged>()).Reason);
        Assert.Single(h.Engine.Snapshot());
    }

    [Fact]
    public void Reconfigure_NewInstance_StartsAsBackup()
    {
        var a = Instance(100);
        var h = new EngineHarness(a);
        h.Start();
        h.RunUntil(5);
        var output = Reload(h, a, Instance(100, name: "VI_2", vrid: 52));
        var change = Assert.Single(output.OfType<StateChanged>());
        Assert.Equal(("VI_2", VrrpState.Backup), (change.Instance, change.To));
    }

    [Fact]
    public void Reconfigure_LowerPriority_AppliesInPlace()
    {
        var s = Instance(100);
        var h = new EngineHarness(s);
        h.Start();
        h.RunUntil(5);
        var output = Reload(h, s with { Priority = 60 });
        var change = Assert.Single(output.OfType<PriorityChanged>());
        Assert.Equal((100, 60), (change.From, change.To));
        h.RunUntil(7);
        Assert.Equal(60, h.Actions<SendAdvert>().Last().Advert.Priority);
        Assert.Equal(VrrpState.Master, h.State);
    }

    [Fact]
    public void Reconfigure_VridChanged_IsANewInstance()
    {
        var s = Instance(100);
        var h = new EngineHarness(s);
        h.Start();
        h.RunUntil(5);
        var output = Reload(h, s with { VirtualRouterId = 60 });
        Assert.Contains(output, a => a is StateChanged { To: VrrpState.Deleted, Reason: TransitionReason.Removed });
        Assert.Contains(output, a => a is StateChanged { To: VrrpState.Backup });
    }
}
