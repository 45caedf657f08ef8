using System.Net;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Host.Tests.Vrrp;
using KeepalivedSharp.Host.Vrrp;
using Microsoft.Extensions.Time.Testing;

namespace KeepalivedSharp.Host.Tests.Faults;

/// <summary>
/// sendmsg failing for the advert socket (ENOBUFS from a full qdisc, EPERM from a firewall).
/// keepalived logs "send advert error" and carries on (vrrp.c vrrp_send_adv). Expected here: each
/// refusal counted, logged at a limited rate, the engine unaffected and the next advert on time.
/// </summary>
public sealed class SendFaultTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);

    private sealed class Rig
    {
        public FaultySocket Socket { get; }
        public VrrpTransport Transport { get; }
        public VrrpHost Host { get; }
        public ListLogger Log { get; } = new();
        public FakeTimeProvider Clock { get; } = new();
        public List<TimeSpan> Adverts { get; } = [];
        private TimeSpan _clock;

        public Rig(InstanceSettings settings)
        {
            Socket = new FaultySocket(Plans.Plan().Socket);
            (Transport, Host) = FaultHost.Create(settings, Socket, Log, Clock);
            Host.Observer = (a, t) => { if (a is SendAdvert) Adverts.Add(t); };
        }

        /// <summary>Runs the host's timers up to <paramref name="until"/>, moving the limiter's clock along.</summary>
        public void RunUntil(TimeSpan until)
        {
            while (Host.NextDeadline is { } due && due <= until)
            {
                if (due > _clock) Clock.Advance(due - _clock);
                _clock = due > _clock ? due : _clock;
                Host.Tick(due);
            }
        }

        public long SendErrors => Transport.Counters.AddTo("VI_1", Host.Engine.Snapshot()[0].Counters).AdvertSendErrors;
    }

    [Fact]
    public void Send_Refused_CountedLoggedRateLimitedAndNextAdvertOnTime()
    {
        // VRRPv3 at 10 ms: 100 adverts a second, so the log limit (10 lines per 10 s) has work to do.
        var rig = new Rig(Plans.Settings() with { Version = 3, AdvertInterval = Interval });
        rig.Host.Start(TimeSpan.Zero, [], []);
        rig.RunUntil(TimeSpan.FromSeconds(4));
        Assert.Equal(VrrpState.Master, rig.Host.Engine.Snapshot()[0].State);
        int before = rig.Adverts.Count;
        int sentBefore = rig.Socket.Sent.Count;

        rig.Socket.Failing = _ => true;
        rig.RunUntil(TimeSpan.FromSeconds(4 + 100));
        rig.Socket.Failing = _ => false;
        rig.RunUntil(TimeSpan.FromSeconds(4 + 110));

        var during = rig.Adverts.Skip(before).ToList();
        // Every advert on its 10 ms slot, through and after the failures: no gap, no burst.
        for (int k = 1; k < during.Count; k++) Assert.Equal(Interval, during[k] - during[k - 1]);
        Assert.InRange(during.Count, 10_999, 11_001);
        Assert.InRange(rig.Socket.Refused, 9_999, 10_001);
        Assert.Equal(rig.Socket.Refused, rig.SendErrors);
        Assert.Equal(during.Count - rig.Socket.Refused, rig.Socket.Sent.Count - sentBefore);
        // At most 10 lines per 10 s window (the limiter's default) over ~100 s, each with the count so far,
        // and the number held back is told when a window reopens.
        int logged = rig.Log.WithId(1309).Count();
        Assert.InRange(logged, 10, 10 * 11);
        Assert.NotEmpty(rig.Log.WithId(1203));
        Assert.Contains("ENOBUFS", rig.Log.WithId(1309).First(), StringComparison.Ordinal);
        // The engine never noticed: still MASTER, no transitions.
        Assert.Equal(VrrpState.Master, rig.Host.Engine.Snapshot()[0].State);
    }

    [Fact]
    public void Send_OneUnicastPeerRefuses_OthersStillGetEveryAdvert()
    {
        var a = IPAddress.Parse("10.0.0.2");
        var b = IPAddress.Parse("10.0.0.3");
        var rig = new Rig(Plans.Settings() with { UnicastPeers = [a, b] });
        rig.Socket.Failing = to => to.Equals(a);
        rig.Host.Start(TimeSpan.Zero, [], []);
        rig.RunUntil(TimeSpan.FromSeconds(10));

        int adverts = rig.Adverts.Count;
        Assert.True(adverts >= 6, $"{adverts} adverts");
        Assert.Equal(adverts, rig.Socket.Sent.Count(s => s.To.Equals(b)));
        Assert.DoesNotContain(rig.Socket.Sent, s => s.To.Equals(a));
        Assert.Equal(adverts, rig.SendErrors); // one refusal per advert, counted once each
    }
}
