using System.Net;
using KeepalivedSharp.Core.Vrrp;
using static KeepalivedSharp.Core.Tests.Vrrp.EngineHarness;

namespace KeepalivedSharp.Core.Tests.Vrrp;

/// <summary>The engine's timer heap: NextDeadline, Tick and ArmTimer with many instances.</summary>
public class VrrpEngineTimerTests
{
    [Fact]
    public void DownTimerAdverts_FiveAdverts_MasterDownIsFiveIntervalsPlusSkew()
    {
        // vrrp.h VRRP_MS_DOWN_TIMER: down_timer_adverts * master_adver_int + skew (v2: (256 - priority) / 256 s).
        var h = new EngineHarness(EngineHarness.Instance(100, tweak: s => s with { DownTimerAdverts = 5 }));
        h.Start();
        h.RunUntil(10);
        Assert.Equal(TimeSpan.FromMicroseconds(5_609_375), h.BecameMasterAt());
    }

    private static InstanceSettings[] Backups(int n)
        => [.. Enumerable.Range(1, n).Select(k => Instance(90, name: $"VI_{k}", vrid: (byte)k,
            tweak: s => s with { VirtualAddresses = [IPAddress.Parse($"10.0.1.{k}")] }))];

    private static Advertisement AdvertFor(int vrid)
        => Advert(100, vrid: (byte)vrid, addresses: [IPAddress.Parse($"10.0.1.{vrid}")]);

    [Fact]
    public void ArmTimer_OnlyWhenTheEarliestDeadlineChanges()
    {
        var h = new EngineHarness(Backups(10), []);
        h.Start();
        Assert.Single(h.Actions<ArmTimer>());
        var earliest = h.Engine.NextDeadline;

        // Instance 5 hearing its master moves only its own deadline, not the earliest: no ArmTimer.
        h.RunUntil(1);
        h.Receive(AdvertFor(5));
        Assert.Single(h.Actions<ArmTimer>());
        Assert.Equal(earliest, h.Engine.NextDeadline);

        // The others hear theirs too: the earliest moves once the last of them has moved.
        for (int k = 1; k <= 10; k++)
        {
            if (k != 5) h.Receive(AdvertFor(k));
        }
        Assert.Equal(2, h.Actions<ArmTimer>().Count());
        Assert.Equal(TimeSpan.FromSeconds(1) + earliest, h.Actions<ArmTimer>().Last().At);
        Assert.Equal(h.Engine.NextDeadline, h.Actions<ArmTimer>().Last().At);
    }

    [Fact]
    public void Tick_RearmsEvenWhenTheNextDeadlineIsUnchanged()
    {
        // After a Tick the host's timer is spent, so an ArmTimer follows whenever anything is armed.
        var h = new EngineHarness(Backups(3), []);
        h.Start();
        h.RunUntil(1);
        h.Receive(AdvertFor(1));
        h.Receive(AdvertFor(2));
        h.Receive(AdvertFor(3));
        int before = h.Actions<ArmTimer>().Count();
        h.RunUntil(30);
        // Three takeovers at the same instant and then the masters' adverts: each Tick re-arms.
        int ticks = h.Log.Select(l => l.At).Distinct().Count(t => t > TimeSpan.FromSeconds(1));
        Assert.Equal(before + ticks, h.Actions<ArmTimer>().Count());
        Assert.All(h.Engine.Snapshot(), s => Assert.Equal(VrrpState.Master, s.State));
    }

    [Fact]
    public void Tick_SimultaneousDeadlines_FireInConfigurationOrder()
    {
        var h = new EngineHarness(Backups(20), []);
        h.Start();
        h.RunUntil(4);
        var order = h.Transitions.Where(t => t.Change.To == VrrpState.Master).Select(t => t.Change.Instance).ToList();
        Assert.Equal([.. Enumerable.Range(1, 20).Select(k => $"VI_{k}")], order);
    }

    [Fact]
    public void ManyInstances_EachKeepsItsOwnRhythm()
    {
        // 1,000 masters with staggered starts: every one advertises exactly once per interval.
        var h = new EngineHarness([.. Enumerable.Range(1, 1000).Select(k => Instance(255, name: $"VI_{k}", vrid: (byte)(k % 255 + 1),
            tweak: s => s with { Interface = $"eth{k / 255}", InitialMaster = true }))], []);
        h.Start();
        h.RunUntil(10.5);
        var perInstance = h.Actions<SendAdvert>().GroupBy(a => a.Instance).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(1000, perInstance.Count);
        Assert.All(perInstance.Values, n => Assert.Equal(11, n));
    }
}
