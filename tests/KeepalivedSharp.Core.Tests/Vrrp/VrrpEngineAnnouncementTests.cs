using System.Net;
using KeepalivedSharp.Core.Vrrp;
using static KeepalivedSharp.Core.Tests.Vrrp.EngineHarness;

namespace KeepalivedSharp.Core.Tests.Vrrp;

/// <summary>GARP/NA timing, all in the engine: one action per frame at the time it goes out.</summary>
public class VrrpEngineAnnouncementTests
{
    private static readonly IPAddress Vip2 = IPAddress.Parse("10.0.0.101");
    private static readonly IPAddress Excluded = IPAddress.Parse("192.168.9.9");
    private static readonly TimeSpan Ms100 = TimeSpan.FromMilliseconds(100);

    private static List<(TimeSpan At, IPAddress Address)> Sent(EngineHarness h, string instance = "VI_1")
        => [.. h.Log.Where(l => l.Action is SendAnnouncement a && a.Instance == instance).Select(l => (l.At, ((SendAnnouncement)l.Action).Address))];

    [Fact]
    public void NoInterval_EveryRoundGoesAtOnce_VipsThenExcluded()
    {
        var h = new EngineHarness(Instance(90, tweak: s => s with { VirtualAddresses = [Vip, Vip2], ExcludedAddresses = [Excluded], GarpMasterRepeat = 2 }));
        h.Start();
        h.RunUntil(4);
        var at = h.BecameMasterAt()!.Value;
        Assert.Equal([(at, Vip), (at, Vip2), (at, Excluded), (at, Vip), (at, Vip2), (at, Excluded)], Sent(h));
    }

    [Fact]
    public void GarpInterval_SpacesFrames_RepeatsAskedForMeanwhileCollapse()
    {
        // keepalived 2.2.7 (vrrp_arp.c): the first goes at once; while the interface is busy an
        // address is only marked pending, so 5 rounds of 2 VIPs become 3 frames 100 ms apart.
        var h = new EngineHarness(Instance(90, tweak: s => s with { VirtualAddresses = [Vip, Vip2], GarpInterval = Ms100 }));
        h.Start();
        h.RunUntil(4.5);
        var at = h.BecameMasterAt()!.Value;
        Assert.Equal([(at, Vip), (at + Ms100, Vip), (at + 2 * Ms100, Vip2)], Sent(h));
    }

    [Fact]
    public void GarpInterval_IsPerInterface_SharedByInstances()
    {
        var a = Instance(255, name: "VI_A", vrid: 1, tweak: s => s with { InitialMaster = true, GarpInterval = Ms100, GarpMasterRepeat = 1 });
        var b = Instance(255, name: "VI_B", vrid: 2, tweak: s => s with { InitialMaster = true, GarpInterval = Ms100, GarpMasterRepeat = 1, VirtualAddresses = [Vip2] });
        var c = Instance(255, name: "VI_C", vrid: 3, tweak: s => s with { InitialMaster = true, GarpInterval = Ms100, GarpMasterRepeat = 1, Interface = "eth1" });
        var h = new EngineHarness([a, b, c], []);
        h.Start();
        h.RunUntil(1);
        Assert.Equal([(TimeSpan.Zero, Vip)], Sent(h, "VI_A"));
        Assert.Equal([(Ms100, Vip2)], Sent(h, "VI_B"));
        Assert.Equal([(TimeSpan.Zero, Vip)], Sent(h, "VI_C"));
    }

    [Fact]
    public void GnaInterval_AppliesToIPv6_GarpIntervalToIPv4()
    {
        var v6 = IPAddress.Parse("fd00::100");
        var h = new EngineHarness(Instance(90, tweak: s => s with { ExcludedAddresses = [v6, IPAddress.Parse("fd00::101")], GarpMasterRepeat = 1, GarpInterval = Ms100, GnaInterval = 3 * Ms100 }));
        h.Start();
        h.RunUntil(5);
        var at = h.BecameMasterAt()!.Value;
        Assert.Equal([(at, Vip), (at, v6), (at + 3 * Ms100, IPAddress.Parse("fd00::101"))], Sent(h));
    }

    [Fact]
    public void Pending_DroppedWhenTheInstanceLeavesMaster()
    {
        var h = new EngineHarness(Instance(90, tweak: s => s with { VirtualAddresses = [Vip, Vip2], GarpInterval = TimeSpan.FromSeconds(1) }));
        h.Start();
        h.RunUntil(4);
        var at = h.BecameMasterAt()!.Value;
        h.RunUntil(at + Ms100);
        h.Receive(Advert(200, addresses: [Vip, Vip2]), HighPeer);
        Assert.Equal(VrrpState.Backup, h.State);
        h.RunUntil(7); // before it takes over again
        Assert.Equal([(at, Vip)], Sent(h));
    }

    [Fact]
    public void Refresh_SendsItsRoundsEveryRefreshInterval()
    {
        var h = new EngineHarness(Instance(90, tweak: s => s with { GarpMasterDelay = TimeSpan.Zero, GarpMasterRepeat = 1, GarpMasterRefresh = TimeSpan.FromSeconds(2), GarpMasterRefreshRepeat = 2 }));
        h.Start();
        h.RunUntil(9);
        var at = h.BecameMasterAt()!.Value;
        var two = TimeSpan.FromSeconds(2);
        Assert.Equal([at, at + two, at + two, at + 2 * two, at + 2 * two], Sent(h).Select(s => s.At));
    }

    [Fact]
    public void ExtraInterfaces_OneEachWithTheAdvertThatReachesTheInterval_ThenEveryInterval()
    {
        // vrrp.c vrrp_state_master_tx: the timer starts on becoming MASTER and is looked at when an advert
        // goes, so with 2 s and 1 s adverts the extra interfaces get one each with every second advert.
        var h = new EngineHarness(Instance(90, tweak: s => s with
        {
            VirtualAddresses = [Vip, Vip2], ExcludedAddresses = [Excluded], GarpMasterDelay = TimeSpan.Zero, GarpMasterRepeat = 1,
            GarpExtraIfInterval = TimeSpan.FromSeconds(2), ExtraInterfaceAddresses = [Vip2, Excluded],
        }));
        h.Start();
        h.RunUntil(12);
        var at = h.BecameMasterAt()!.Value;
        var extra = Sent(h).Where(s => s.At > at).ToList();
        var s2 = TimeSpan.FromSeconds(2);
        Assert.Equal([(at + s2, Vip2), (at + s2, Excluded), (at + 2 * s2, Vip2), (at + 2 * s2, Excluded)], extra.Where(e => e.At <= at + 2 * s2));
        Assert.DoesNotContain(extra, e => e.Address.Equals(Vip));
    }

    [Fact]
    public void ExtraInterfaces_StopWhenLeavingMaster()
    {
        var h = new EngineHarness(Instance(90, tweak: s => s with
        {
            GarpMasterDelay = TimeSpan.Zero, GarpMasterRepeat = 1, GarpExtraIfInterval = TimeSpan.FromSeconds(1), ExtraInterfaceAddresses = [Vip],
        }));
        h.Start();
        h.RunUntil(8);
        var at = h.BecameMasterAt()!.Value;
        Assert.True(Sent(h).Count(s => s.At > at) >= 2);
        h.Receive(Advert(200), HighPeer);
        Assert.Equal(VrrpState.Backup, h.State);
        int before = Sent(h).Count;
        h.RunUntil(11); // before its master down timer takes it back
        Assert.Equal(before, Sent(h).Count);
    }
}
