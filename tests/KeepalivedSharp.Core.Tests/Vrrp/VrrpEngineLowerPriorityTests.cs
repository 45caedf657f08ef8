using KeepalivedSharp.Core.Vrrp;
using static KeepalivedSharp.Core.Tests.Vrrp.EngineHarness;

namespace KeepalivedSharp.Core.Tests.Vrrp;

/// <summary>A MASTER hearing a lower priority (RFC 5798 §6.4.3, keepalived vrrp_state_master_rx), and a flood of them.</summary>
public class VrrpEngineLowerPriorityTests
{
    private static readonly TimeSpan Five = TimeSpan.FromSeconds(5);

    /// <summary>A MASTER since 3.65 s with keepalived's defaults for lower-priority GARPs (5 rounds now and after 5 s).</summary>
    private static EngineHarness Master(Func<InstanceSettings, InstanceSettings>? tweak = null)
    {
        var h = new EngineHarness(Instance(100, tweak: s => (tweak ?? (x => x))(s with { GarpLowerPrioRepeat = 5, GarpLowerPrioDelay = Five })));
        h.Start();
        h.RunUntil(20);
        Assert.Equal(VrrpState.Master, h.State);
        return h;
    }

    /// <summary>A spoofed flood: one advert of <paramref name="priority"/> per millisecond from <paramref name="start"/>.</summary>
    private static void Flood(EngineHarness h, TimeSpan start, int count, int priority = 50)
    {
        for (int k = 0; k < count; k++)
        {
            h.RunUntil(start + TimeSpan.FromMilliseconds(k));
            h.Receive(Advert(priority));
        }
    }

    private static IEnumerable<TimeSpan> Sent<T>(EngineHarness h, TimeSpan from) where T : EngineAction
        => h.Log.Where(l => l.Action is T && l.At >= from).Select(l => l.At);

    [Fact]
    public void LowerPriority_AdvertAndFiveGarpsAtOnce_FiveMoreAfterTheDelay()
    {
        var h = Master();
        var t = TimeSpan.FromSeconds(20.3);
        h.RunUntil(t);
        h.Receive(Advert(50));
        h.RunUntil(30);
        Assert.Equal(t, Sent<SendAdvert>(h, t).First());
        Assert.Equal([.. Enumerable.Repeat(t, 5), .. Enumerable.Repeat(t + Five, 5)], Sent<SendAnnouncement>(h, t));
    }

    [Fact]
    public void LowerPriority_RepeatZero_AdvertOnly()
    {
        var h = Master(s => s with { GarpLowerPrioRepeat = 0 });
        var t = TimeSpan.FromSeconds(20.3);
        h.RunUntil(t);
        h.Receive(Advert(50));
        h.RunUntil(30);
        Assert.Empty(Sent<SendAnnouncement>(h, t));
        Assert.Equal(t, Sent<SendAdvert>(h, t).First());
    }

    [Fact]
    public void Flood_FirstAnsweredAtOnce_ThenAtMostTenPerSecond_RegularAdvertsOnTime()
    {
        var h = Master();
        var start = TimeSpan.FromSeconds(20.05);
        var end = start + TimeSpan.FromSeconds(1);
        Flood(h, start, 1000);
        h.RunUntil(end);
        var adverts = Sent<SendAdvert>(h, start).ToList();
        Assert.Equal(start, adverts[0]);
        // At most one answer per 100 ms (11 in a second including the first), and the regular
        // advert timer restarts from each answer as keepalived's does: never a gap over advert_int.
        Assert.InRange(adverts.Count, 2, 12);
        var all = Sent<SendAdvert>(h, TimeSpan.FromSeconds(19)).ToList();
        for (int k = 1; k < all.Count; k++) Assert.True(all[k] - all[k - 1] <= TimeSpan.FromSeconds(1), $"gap {all[k] - all[k - 1]}");
        Assert.True(h.Engine.Snapshot()[0].Counters.AnswersSuppressed >= 985);
    }

    [Fact]
    public void Flood_GarpRoundsNotRetriggeredPerAdvert()
    {
        var h = Master();
        var start = TimeSpan.FromSeconds(20.05);
        Flood(h, start, 3000);
        h.RunUntil(start + TimeSpan.FromSeconds(3));
        // One round at the first advert; the delayed round is pending, so no other round starts.
        Assert.Equal([.. Enumerable.Repeat(start, 5)], Sent<SendAnnouncement>(h, start));
        h.RunUntil(start + TimeSpan.FromSeconds(6));
        Assert.Equal(10, Sent<SendAnnouncement>(h, start).Count());
    }

    [Fact]
    public void PriorityZeroFlood_IsLimitedToo()
    {
        var h = Master();
        var start = TimeSpan.FromSeconds(20.05);
        Flood(h, start, 1000, priority: 0);
        Assert.InRange(Sent<SendAdvert>(h, start).Count(), 2, 12);
        Assert.Equal(VrrpState.Master, h.State);
    }

    [Fact]
    public void LowerPrioNoAdvert_StillSendsTheLowerPriorityGarps()
    {
        // keepalived: lower_prio_no_advert stops only the advert.
        var h = Master(s => s with { LowerPrioNoAdvert = true });
        var t = TimeSpan.FromSeconds(20.3);
        h.RunUntil(t);
        h.Receive(Advert(50));
        Assert.Equal(5, Sent<SendAnnouncement>(h, t).Count());
        Assert.DoesNotContain(t, Sent<SendAdvert>(h, t));
    }
}
