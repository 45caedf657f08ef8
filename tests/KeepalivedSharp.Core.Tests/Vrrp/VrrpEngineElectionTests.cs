using KeepalivedSharp.Core.Vrrp;
using static KeepalivedSharp.Core.Tests.Vrrp.EngineHarness;

namespace KeepalivedSharp.Core.Tests.Vrrp;

public class VrrpEngineElectionTests
{
    private static TimeSpan Us(long micros) => TimeSpan.FromMicroseconds(micros);

    [Fact]
    public void Start_Backup_EntersBackupAtOnce()
    {
        var h = new EngineHarness(Instance(90));
        h.Start();
        var t = Assert.Single(h.Transitions);
        Assert.Equal((VrrpState.Init, VrrpState.Backup, TransitionReason.Startup), (t.Change.From, t.Change.To, t.Change.Reason));
    }

    [Fact]
    public void Tick_NoAdverts_BecomesMasterAfterMasterDownInterval()
    {
        var h = new EngineHarness(Instance(90));
        h.Start();
        h.RunUntil(10);
        Assert.Equal(Us(3_648_437), h.BecameMasterAt());
    }

    [Fact]
    public void GotoMaster_EmitsAdvertThenAddressesThenAnnouncementsThenNotify()
    {
        var h = new EngineHarness(Instance(90));
        h.Start();
        h.RunUntil(4);
        var at = h.BecameMasterAt()!.Value;
        var batch = h.Log.Where(l => l.At == at).Select(l => l.Action.GetType().Name).ToList();
        Assert.Equal(["SendAdvert", "StateChanged", "AddVirtualAddresses", .. Enumerable.Repeat("SendAnnouncement", 5), "RunNotify", "ArmTimer"], batch);
        Assert.All(h.Actions<SendAnnouncement>(), a => Assert.Equal(Vip, a.Address));
    }

    [Fact]
    public void Master_GarpMasterDelay_SendsSecondRoundFiveSecondsLater()
    {
        var h = new EngineHarness(Instance(90));
        h.Start();
        h.RunUntil(20);
        var master = h.BecameMasterAt()!.Value;
        var sent = h.Log.Where(l => l.Action is SendAnnouncement).Select(l => l.At).ToList();
        Assert.Equal([.. Enumerable.Repeat(master, 5), .. Enumerable.Repeat(master + TimeSpan.FromSeconds(5), 5)], sent);
    }

    [Fact]
    public void Master_SendsAdvertEveryInterval()
    {
        var h = new EngineHarness(Instance(90));
        h.Start();
        h.RunUntil(10);
        var sends = h.Log.Where(l => l.Action is SendAdvert).Select(l => l.At).ToList();
        Assert.True(sends.Count >= 6);
        for (int k = 1; k < sends.Count; k++) Assert.Equal(TimeSpan.FromSeconds(1), sends[k] - sends[k - 1]);
    }

    [Fact]
    public void Start_Owner_BecomesMasterImmediately()
    {
        var h = new EngineHarness(Instance(255, tweak: s => s with { InitialMaster = true }));
        h.Start();
        Assert.Equal(TimeSpan.Zero, h.BecameMasterAt());
        Assert.Equal(TransitionReason.Owner, h.Transitions.Single().Change.Reason);
    }

    [Fact]
    public void Receive_HigherPriorityAdverts_KeepBackup()
    {
        var h = new EngineHarness(Instance(90));
        h.Start();
        h.Feed(0.5, 19.5, 1, () => Advert(100));
        h.RunUntil(20.5);
        Assert.Null(h.BecameMasterAt());
        Assert.Equal(20, h.Engine.Snapshot()[0].Counters.AdvertReceived);
    }

    [Fact]
    public void Receive_MasterStopsAdvertising_TakeoverAtLastAdvertPlusMasterDownInterval()
    {
        var h = new EngineHarness(Instance(90));
        h.Start();
        h.Feed(0.5, 5.5, 1, () => Advert(100));
        h.RunUntil(20);
        Assert.Equal(TimeSpan.FromSeconds(5.5) + Us(3_648_437), h.BecameMasterAt());
    }

    [Fact]
    public void Receive_PriorityZero_TakeoverAfterSkewTime()
    {
        var h = new EngineHarness(Instance(90));
        h.Start();
        h.Feed(0.5, 5.5, 1, () => Advert(100));
        h.RunUntil(6);
        h.Receive(Advert(0));
        h.RunUntil(20);
        Assert.Equal(TimeSpan.FromSeconds(6) + Us(648_437), h.BecameMasterAt());
    }

    [Fact]
    public void Receive_PriorityZeroFlood_OneElectionNoFlapping()
    {
        var h = new EngineHarness(Instance(90));
        h.Start();
        for (int k = 0; k < 200; k++)
        {
            h.RunUntil(1 + k * 0.01);
            h.Receive(Advert(0));
        }
        h.RunUntil(10);
        var changes = h.Transitions.Where(t => t.Change.To == VrrpState.Master).ToList();
        Assert.Single(changes);
        Assert.Equal(VrrpState.Master, h.State);
    }

    [Fact]
    public void Receive_LowerPriorityWithPreempt_IgnoredSoBackupTakesOver()
    {
        var h = new EngineHarness(Instance(100));
        h.Start();
        h.Feed(0.5, 9.5, 1, () => Advert(50));
        // Master_Down_Interval for 100: 3 s + 156/256 s; the lower adverts do not reset it.
        Assert.Equal(Us(3_609_375), h.BecameMasterAt());
    }

    [Fact]
    public void Receive_LowerPriorityWithNopreempt_StaysBackup()
    {
        var h = new EngineHarness(Instance(100, tweak: s => s with { Preempt = false }));
        h.Start();
        h.Feed(0.5, 30.5, 1, () => Advert(50));
        Assert.Null(h.BecameMasterAt());
    }

    [Fact]
    public void Receive_LowerPriorityWithPreemptDelay_TakesOverAfterTheDelay()
    {
        var h = new EngineHarness(Instance(100, tweak: s => s with { PreemptDelay = TimeSpan.FromSeconds(10) }));
        h.Start();
        h.Feed(0.5, 30.5, 1, () => Advert(50));
        // Adverts are accepted until preempt time (0.5 + 10 s); the last accepted one is at 9.5 s.
        Assert.Equal(TimeSpan.FromSeconds(9.5) + Us(3_609_375), h.BecameMasterAt());
    }

    [Fact]
    public void Receive_EqualPriority_HigherAddressWins()
    {
        // Peer 10.0.0.1 is lower than us (10.0.0.2): its adverts are treated as lower priority.
        var low = new EngineHarness(Instance(100));
        low.Start();
        low.Feed(0.5, 9.5, 1, () => Advert(100));
        Assert.Null(low.BecameMasterAt());

        // Backups accept equal priority (RFC 5798 §6.4.2: "greater than or equal"), so a master decides.
        var master = new EngineHarness(Instance(100));
        master.Start();
        master.RunUntil(4);
        Assert.Equal(VrrpState.Master, master.State);
        master.Receive(Advert(100), from: Peer);
        Assert.Equal(VrrpState.Master, master.State);
        master.Receive(Advert(100), from: HighPeer);
        Assert.Equal(VrrpState.Backup, master.State);
    }

    [Fact]
    public void Receive_MasterHearsHigherPriority_GoesBackupAndReleasesAddresses()
    {
        var h = new EngineHarness(Instance(90));
        h.Start();
        h.RunUntil(4);
        h.Receive(Advert(100));
        Assert.Equal(VrrpState.Backup, h.State);
        Assert.Single(h.Actions<RemoveVirtualAddresses>());
        Assert.Equal(TransitionReason.HigherPriorityAdvert, h.Transitions.Last().Change.Reason);
        Assert.Equal(1, h.Engine.Snapshot()[0].Counters.ReleaseMaster);
    }

    [Fact]
    public void Receive_MasterHearsLowerPriority_ReadvertisesAtOnce()
    {
        var h = new EngineHarness(Instance(100));
        h.Start();
        h.RunUntil(4);
        int before = h.Actions<SendAdvert>().Count();
        h.RunUntil(4.2);
        h.Receive(Advert(50));
        Assert.Equal(before + 1, h.Actions<SendAdvert>().Count());
        Assert.Equal(TimeSpan.FromSeconds(4.2), h.Log.Last(l => l.Action is SendAdvert).At);
    }

    [Fact]
    public void Receive_LowerPrioNoAdvert_MasterStaysQuiet()
    {
        var h = new EngineHarness(Instance(100, tweak: s => s with { LowerPrioNoAdvert = true }));
        h.Start();
        h.RunUntil(4);
        int before = h.Actions<SendAdvert>().Count();
        h.RunUntil(4.2);
        h.Receive(Advert(50));
        Assert.Equal(before, h.Actions<SendAdvert>().Count());
    }

    [Fact]
    public void Receive_MasterHearsPriorityZero_ReadvertisesAndStaysMaster()
    {
        var h = new EngineHarness(Instance(100));
        h.Start();
        h.RunUntil(4);
        h.RunUntil(4.3);
        h.Receive(Advert(0));
        Assert.Equal(VrrpState.Master, h.State);
        Assert.Equal(TimeSpan.FromSeconds(4.3), h.Log.Last(l => l.Action is SendAdvert).At);
    }

    [Fact]
    public void Receive_RoguePriority255_MasterStepsDown()
    {
        // Hardening case 13: RFC 5798 §6.4.3, a higher priority wins whoever sends it.
        var h = new EngineHarness(Instance(254));
        h.Start();
        h.RunUntil(4);
        h.Receive(Advert(255), from: HighPeer);
        Assert.Equal(VrrpState.Backup, h.State);
        Assert.Equal(HighPeer, h.Engine.Snapshot()[0].MasterAddress);
    }

    [Fact]
    public void Receive_V3Backup_AdoptsMasterInterval()
    {
        var h = new EngineHarness(Instance(90, version: 3));
        h.Start();
        h.Feed(0.1, 1.0, 0.1, () => Advert(100, version: 3, interval: TimeSpan.FromMilliseconds(100)));
        h.RunUntil(5);
        // Master_Down_Interval at 100 ms: 300 ms + 166 * 100 ms / 256 = 364.843 ms after the last advert.
        Assert.Equal(TimeSpan.FromSeconds(1.0) + Us(364_843), h.BecameMasterAt());
    }

    [Fact]
    public void Stop_Master_SendsPriorityZeroAndReleases()
    {
        var h = new EngineHarness(Instance(100));
        h.Start();
        h.RunUntil(4);
        h.Stop();
        Assert.Equal(0, h.Actions<SendAdvert>().Last().Advert.Priority);
        Assert.Single(h.Actions<RemoveVirtualAddresses>());
        Assert.Equal(VrrpState.Stop, h.State);
        Assert.Null(h.Engine.NextDeadline);
    }

    [Fact]
    public void Stop_Backup_SendsNothing()
    {
        var h = new EngineHarness(Instance(100));
        h.Start();
        h.Stop();
        Assert.Empty(h.Actions<SendAdvert>());
        Assert.Equal(VrrpState.Stop, h.State);
    }
}

public class VrrpEngineAddressDeletedTests
{
    [Fact]
    public void VirtualAddressDeleted_Master_SendsPriorityZeroStepsDownAndRetakesAfterSkew()
    {
        var h = new EngineHarness(EngineHarness.Instance(90));
        h.Start();
        h.RunUntil(4);
        h.RunUntil(5);
        var buffer = new List<EngineAction>();
        h.Engine.VirtualAddressDeleted("VI_1", TimeSpan.FromSeconds(5), buffer);
        Assert.Equal(0, buffer.OfType<SendAdvert>().Single().Advert.Priority);
        Assert.Single(buffer.OfType<RemoveVirtualAddresses>());
        Assert.Equal(TransitionReason.AddressDeleted, buffer.OfType<StateChanged>().Single().Reason);
        // Skew_Time for 90 is 648.437 ms: with nobody else, it takes the addresses back then.
        Assert.Equal(TimeSpan.FromSeconds(5) + TimeSpan.FromMicroseconds(648_437), h.Engine.NextDeadline);
    }
}
