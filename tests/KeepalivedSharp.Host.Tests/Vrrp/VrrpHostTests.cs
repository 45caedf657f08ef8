using System.Collections.Immutable;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Host.Planning;
using KeepalivedSharp.Host.Vrrp;
using KeepalivedSharp.Notify.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KeepalivedSharp.Host.Tests.Vrrp;

/// <summary>The host adapter against in-memory ports with a fake clock: no root, no kernel.</summary>
public sealed class VrrpHostTests
{
    private sealed class Rig
    {
        public RecordingNetwork Network { get; } = new();
        public RecordingAnnouncer Announcer { get; } = new();
        public RecordingSink Sink { get; } = new();
        public RecordingSocket Socket { get; }
        public VrrpTransport Transport { get; }
        public VrrpHost Host { get; }
        public FakeTimeProvider Clock { get; } = new();

        public Rig(InstanceSettings settings, InstancePlan plan)
        {
            Socket = new RecordingSocket(plan.Socket);
            var limiter = new LogRateLimiter(Clock);
            Transport = new VrrpTransport([plan], _ => Socket, NullLogger.Instance, limiter);
            Host = new VrrpHost(new VrrpEngine([settings]), [plan], Transport, Network, Announcer, Sink, NullLogger.Instance, limiter);
        }

        /// <summary>Runs the host's timers up to <paramref name="until"/>, as the event loop would.</summary>
        public void RunUntil(TimeSpan until)
        {
            while (Host.NextDeadline is { } due && due <= until) Host.Tick(due);
        }
    }

    [Fact]
    public void Start_AloneAndDownTimerExpires_BecomesMasterAddsVipAnnouncesAndNotifies()
    {
        var rig = new Rig(Plans.Settings(), Plans.Plan());
        rig.Host.Start(TimeSpan.Zero, [], []);
        rig.RunUntil(TimeSpan.FromSeconds(4));

        Assert.Equal(VrrpState.Master, rig.Host.Engine.Snapshot()[0].State);
        var add = Assert.Single(rig.Network.Moves);
        Assert.Equal(HostObjects.Empty, add.From);
        Assert.Equal(Plans.Vip, Assert.Single(add.To.Addresses).Address);
        Assert.Contains("VI_1", rig.Host.HeldInstances);
        // keepalived's default garp_master_repeat: 5 rounds at once, one frame per VIP each
        // (the engine owns the timing; the host sends what it is asked, when asked).
        Assert.Equal(5, rig.Announcer.Frames.Count);
        Assert.All(rig.Announcer.Frames, f => Assert.Equal(("VI_1", Plans.Vip), f));
        Assert.Contains(rig.Sink.Requests, n => n.Name == "VI_1" && n.State == VrrpState.Master);
        Assert.NotEmpty(rig.Socket.Sent);
    }

    [Fact]
    public void Announce_WithGarpInterval_FramesFollowTheEngineOnTheHostClock()
    {
        // vrrp_garp_interval 100 ms: the engine spaces the frames (keepalived's vrrp_arp.c), the host carries them out on time.
        var rig = new Rig(Plans.Settings() with { GarpInterval = TimeSpan.FromMilliseconds(100) }, Plans.Plan());
        var times = new List<TimeSpan>();
        rig.Host.Observer = (a, t) => { if (a is SendAnnouncement) times.Add(t); };
        rig.Host.Start(TimeSpan.Zero, [], []);
        rig.RunUntil(TimeSpan.FromSeconds(5));

        Assert.True(times.Count >= 2, $"{times.Count} frames");
        for (int k = 1; k < times.Count; k++) Assert.True(times[k] - times[k - 1] >= TimeSpan.FromMilliseconds(100), $"frame {k} after {times[k] - times[k - 1]}");
        Assert.Equal(times.Count, rig.Announcer.Frames.Count);
    }

    [Fact]
    public void Stop_AsMaster_SendsPriorityZeroAndRemovesVip()
    {
        var rig = new Rig(Plans.Settings(), Plans.Plan());
        rig.Host.Start(TimeSpan.Zero, [], []);
        rig.RunUntil(TimeSpan.FromSeconds(4));
        int sent = rig.Socket.Sent.Count;

        rig.Host.Stop(TimeSpan.FromSeconds(4.5));

        Assert.Equal(0, rig.Socket.Sent[sent].Message[2]); // VRRP priority octet
        var remove = rig.Network.Moves[^1];
        Assert.Equal(HostObjects.Empty, remove.To);
        Assert.Empty(rig.Host.HeldInstances);
    }

    [Fact]
    public void AddressGone_ForHeldVip_EngineReacts_ForStaticAddress_PutBack()
    {
        var rig = new Rig(Plans.Settings(), Plans.Plan());
        var staticAddress = new Linux.Netlink.AddressSpec(System.Net.IPAddress.Parse("10.0.0.50"), 24, 2);
        rig.Host.ApplyStatic(new HostObjects([staticAddress], [], []));
        rig.Host.Start(TimeSpan.Zero, [], []);
        rig.RunUntil(TimeSpan.FromSeconds(4));
        int moves = rig.Network.Moves.Count;

        rig.Host.Handle(new AddressGoneInput(staticAddress.Address, 2, "eth0"), TimeSpan.FromSeconds(5));
        Assert.Equal(staticAddress, Assert.Single(rig.Network.Moves[moves].To.Addresses));

        var changes = new List<StateChanged>();
        rig.Host.Observer = (a, _) => { if (a is StateChanged sc) changes.Add(sc); };
        rig.Host.Handle(new AddressGoneInput(Plans.Vip, 2, "eth0"), TimeSpan.FromSeconds(6));
        // keepalived: a master whose VIP is deleted behind its back leaves MASTER (then a quick re-election).
        var change = Assert.Single(changes);
        Assert.Equal((VrrpState.Master, VrrpState.Backup, TransitionReason.AddressDeleted), (change.From, change.To, change.Reason));
    }
}
