using System.Net;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Wire.Vrrp;
using static KeepalivedSharp.Core.Tests.Vrrp.EngineHarness;

namespace KeepalivedSharp.Core.Tests.Vrrp;

/// <summary>Stage-two checks: the hardening cases that need the instance's configuration.</summary>
public class VrrpEngineValidationTests
{
    private static readonly VrrpAuthData Secret = VrrpAuthData.FromPassword("secret");

    private static EngineHarness Backup(Func<InstanceSettings, InstanceSettings>? tweak = null)
    {
        var h = new EngineHarness(Instance(90, tweak: tweak));
        h.Start();
        return h;
    }

    [Fact]
    public void Receive_V2IntervalMismatch_DroppedAndCounted()
    {
        var h = Backup();
        h.Receive(Advert(100, interval: TimeSpan.FromSeconds(2)));
        var c = h.Engine.Snapshot()[0].Counters;
        Assert.Equal(1, c.AdvertIntervalErrors);
        Assert.Equal(0, c.AdvertReceived);
        Assert.Equal(DropReason.IntervalMismatch, h.Actions<AdvertDropped>().Single().Reason);
    }

    [Fact]
    public void Receive_AuthTypeMismatch_Counted()
    {
        var h = Backup(s => s with { AuthType = VrrpAuthType.Password, AuthData = Secret });
        h.Receive(Advert(100));
        Assert.Equal(1, h.Engine.Snapshot()[0].Counters.AuthTypeMismatch);
    }

    [Fact]
    public void Receive_WrongPassword_AuthFailureCounted()
    {
        var h = Backup(s => s with { AuthType = VrrpAuthType.Password, AuthData = Secret });
        h.Receive(Advert(100) with { AuthType = VrrpAuthType.Password, AuthData = VrrpAuthData.FromPassword("secreT") });
        h.Receive(Advert(100) with { AuthType = VrrpAuthType.Password, AuthData = Secret });
        var c = h.Engine.Snapshot()[0].Counters;
        Assert.Equal(1, c.AuthFailure);
        Assert.Equal(1, c.AdvertReceived);
    }

    [Fact]
    public void Receive_AddressListDiffers_DroppedAsKeepalivedDoes()
    {
        var h = Backup();
        h.Receive(Advert(100, addresses: [IPAddress.Parse("10.0.0.200")]));
        h.Receive(Advert(100, addresses: [Vip, IPAddress.Parse("10.0.0.200")]));
        var c = h.Engine.Snapshot()[0].Counters;
        Assert.Equal(2, c.AddressListErrors);
        Assert.Equal(0, c.AdvertReceived);
    }

    private static readonly IPAddress OtherVip = IPAddress.Parse("10.0.0.200");

    [Fact]
    public void SkipCheckAdvAddr_MasterLastHeard_AddressesNotChecked()
    {
        // vrrp.c vrrp_state_backup: check_addr is false only for the source of the last advert taken.
        var h = Backup(s => s with { SkipCheckAdvAddr = true });
        h.Receive(Advert(100, addresses: [OtherVip]));
        Assert.Equal(DropReason.AddressListMismatch, h.Actions<AdvertDropped>().Single().Reason);
        h.Receive(Advert(100));
        h.Feed(1, 10, 1, () => Advert(100, addresses: [Vip, OtherVip]));
        Assert.Single(h.Actions<AdvertDropped>());
        Assert.Equal(11, h.Engine.Snapshot()[0].Counters.AdvertReceived);
        Assert.Equal(VrrpState.Backup, h.State);
    }

    [Fact]
    public void SkipCheckAdvAddr_AnotherSource_Checked()
    {
        var h = Backup(s => s with { SkipCheckAdvAddr = true });
        h.Receive(Advert(100));
        h.Receive(Advert(100, addresses: [OtherVip]), from: HighPeer);
        Assert.Equal(DropReason.AddressListMismatch, h.Actions<AdvertDropped>().Single().Reason);
    }

    [Fact]
    public void SkipCheckAdvAddr_UnicastSourceOfMasterLastHeard_NotChecked()
    {
        // The unicast source check is inside keepalived's check_vip_addr block too.
        var h = Backup(s => s with { SkipCheckAdvAddr = true, UnicastPeers = [Peer] });
        h.Receive(Advert(100), from: Peer, multicast: false);
        h.Receive(Advert(100, addresses: [OtherVip]), from: Peer, multicast: false);
        Assert.Empty(h.Actions<AdvertDropped>());
        h.Receive(Advert(100), from: HighPeer, multicast: false);
        Assert.Equal(DropReason.UnicastSourceNotPeer, h.Actions<AdvertDropped>().Single().Reason);
    }

    [Fact]
    public void SkipCheckAdvAddr_PriorityZeroDoesNotRecordTheMaster()
    {
        var h = Backup(s => s with { SkipCheckAdvAddr = true });
        h.Receive(Advert(0));
        h.Receive(Advert(100, addresses: [OtherVip]));
        Assert.Equal(DropReason.AddressListMismatch, h.Actions<AdvertDropped>().Single().Reason);
    }

    [Fact]
    public void SkipCheckAdvAddr_LowerPriorityDiscardRecordsTheMaster()
    {
        // The "received lower priority advert - discarding" branch still stores master_saddr.
        var h = Backup(s => s with { SkipCheckAdvAddr = true });
        h.Receive(Advert(50));
        h.Receive(Advert(100, addresses: [OtherVip]));
        Assert.Empty(h.Actions<AdvertDropped>());
    }

    [Fact]
    public void SkipCheckAdvAddr_Master_AlwaysChecks()
    {
        // vrrp_state_master_rx calls vrrp_check_packet with check_vip_addr true.
        var h = Backup(s => s with { SkipCheckAdvAddr = true });
        h.Receive(Advert(100));
        h.Receive(Advert(0));
        h.RunUntil(5);
        Assert.Equal(VrrpState.Master, h.State);
        h.Receive(Advert(200, addresses: [OtherVip]));
        Assert.Equal(DropReason.AddressListMismatch, h.Actions<AdvertDropped>().Single().Reason);
        Assert.Equal(VrrpState.Master, h.State);
    }

    [Fact]
    public void SkipCheckAdvAddr_ReloadForgetsTheMaster()
    {
        // A reload builds keepalived's vrrp_t anew: master_saddr is empty until the next advert is taken.
        var settings = Instance(90, tweak: s => s with { SkipCheckAdvAddr = true });
        var h = new EngineHarness(settings);
        h.Start();
        h.Receive(Advert(100));
        Reload(h, settings);
        h.Receive(Advert(100, addresses: [OtherVip]));
        Assert.Equal(DropReason.AddressListMismatch, h.Actions<AdvertDropped>().Single().Reason);
    }

    [Fact]
    public void Receive_UnicastFromNonPeer_Dropped()
    {
        var h = Backup(s => s with { UnicastPeers = [Peer] });
        h.Receive(Advert(100), from: IPAddress.Parse("10.0.0.66"), multicast: false);
        h.Receive(Advert(100), from: Peer, multicast: false);
        var drops = h.Actions<AdvertDropped>().ToList();
        Assert.Equal(DropReason.UnicastSourceNotPeer, Assert.Single(drops).Reason);
        Assert.Equal(1, h.Engine.Snapshot()[0].Counters.AdvertReceived);
    }

    [Fact]
    public void Receive_UnicastPeerOutsideItsTtlRange_DroppedAndCountedAsTtlError()
    {
        var other = IPAddress.Parse("10.0.0.7");
        var h = Backup(s => s with { UnicastPeers = [Peer, other], PeerTtlRanges = [new PeerTtlRange(Peer, 10, 20)] });
        h.Receive(Advert(100), from: Peer, multicast: false, ttl: 255);
        h.Receive(Advert(100), from: Peer, multicast: false, ttl: 9);
        h.Receive(Advert(100), from: Peer, multicast: false, ttl: 10);
        h.Receive(Advert(100), from: Peer, multicast: false, ttl: 20);
        h.Receive(Advert(100), from: other, multicast: false, ttl: 1); // no range: any TTL (vrrp_check_packet)
        var drops = h.Actions<AdvertDropped>().ToList();
        Assert.Equal(2, drops.Count);
        Assert.All(drops, d => Assert.Equal(DropReason.TtlOutOfRange, d.Reason));
        Assert.Equal("TTL/HL 255 not in range 10 - 20", drops[0].Detail);
        var c = h.Engine.Snapshot()[0].Counters;
        Assert.Equal(2, c.TtlErrors);
        Assert.Equal(3, c.AdvertReceived);
    }

    [Fact]
    public void ConfigFault_HoldsTheInstanceInFault_NoAdvertsEvenWhenItsLinkComesBack()
    {
        var h = new EngineHarness(Instance(200, tweak: s => s with { ConfigFault = "unicast without any peers" }));
        h.Start();
        h.RunUntil(5);
        h.Link("eth0", false);
        h.Link("eth0", true);
        h.RunUntil(10);
        Assert.Equal(VrrpState.Fault, h.State);
        Assert.Equal("unicast without any peers", h.Engine.Snapshot()[0].FaultCause);
        Assert.Empty(h.Actions<SendAdvert>());
    }

    [Fact]
    public void UnicastTtl_CarriedOnEachAdvert()
    {
        var h = new EngineHarness(Instance(200, tweak: s => s with { UnicastPeers = [Peer], UnicastTtl = 10 }));
        h.Start();
        h.RunUntil(6);
        var sent = h.Actions<SendAdvert>().ToList();
        Assert.NotEmpty(sent);
        Assert.All(sent, a => Assert.Equal(10, a.UnicastTtl));
    }

    [Fact]
    public void Receive_MulticastOnUnicastInstance_Dropped()
    {
        var h = Backup(s => s with { UnicastPeers = [Peer] });
        h.Receive(Advert(100), from: Peer, multicast: true);
        Assert.Equal(DropReason.UnexpectedDestinationKind, h.Actions<AdvertDropped>().Single().Reason);
    }

    [Fact]
    public void Receive_UnknownVrid_CountedOnEngineAndStateUnchanged()
    {
        var h = Backup();
        for (int k = 0; k < 1000; k++) h.Receive(Advert(200, vrid: (byte)(k % 50 + 100)));
        Assert.Equal(1000, h.Engine.UnknownVirtualRouterDrops);
        Assert.Equal(VrrpState.Backup, h.State);
        h.RunUntil(10);
        Assert.Equal(TimeSpan.FromMicroseconds(3_648_437), h.BecameMasterAt());
    }

    [Fact]
    public void Receive_VersionMismatch_Dropped()
    {
        var h = Backup();
        h.Receive(Advert(100, version: 3, interval: TimeSpan.FromSeconds(1)));
        Assert.Equal(DropReason.VersionMismatch, h.Actions<AdvertDropped>().Single().Reason);
    }

    [Fact]
    public void CompareAddresses_OrdersAsUnsignedNumbers()
    {
        Assert.True(AdvertCheck.CompareAddresses(IPAddress.Parse("10.0.0.200"), IPAddress.Parse("10.0.0.3")) > 0);
        Assert.True(AdvertCheck.CompareAddresses(IPAddress.Parse("fe80::1"), IPAddress.Parse("fe80::a")) < 0);
        Assert.Equal(0, AdvertCheck.CompareAddresses(IPAddress.Parse("10.0.0.1"), IPAddress.Parse("10.0.0.1")));
    }
}
