using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Host.Network;
using KeepalivedSharp.Host.Planning;
using KeepalivedSharp.Host.Tests.Vrrp;
using KeepalivedSharp.Host.Vrrp;
using KeepalivedSharp.Linux.Netlink;
using KeepalivedSharp.Linux.Vrrp;
using KeepalivedSharp.Notify.Logging;
using Microsoft.Extensions.Time.Testing;

namespace KeepalivedSharp.Host.Tests.Faults;

/// <summary>
/// eth0 deleted and re-created under the daemon (same name, new ifindex: veth, VLAN, bond, macvlan
/// re-creation), on the real host adapter, transport, mover and ledger with an in-memory kernel.
/// keepalived re-binds by itself; so must we: FAULT while gone or stale, then MASTER again on the
/// new index, and status never claims a VIP the interface does not carry (issue 10, defect 1).
/// </summary>
public sealed class RecreatedLinkTests
{
    private sealed class Rig
    {
        public FaultyAddresses Kernel { get; } = new();
        public HostAddressLedger Ledger { get; } = new();
        public ListLogger Log { get; } = new();
        public List<LinkInfo> Links { get; } = [Link(2)];
        public Dictionary<int, RecordingSocket> Sockets { get; } = [];
        public List<VrrpInput> Posted { get; } = [];
        public List<string> Rebinds { get; } = [];
        public VrrpHost Host { get; }
        public LinkResync Monitor { get; }
        public PlanApplier Applier { get; }
        public TimeSpan Now { get; set; }

        public Rig()
        {
            Kernel.LinkExists = index => Links.Any(l => l.Index == index);
            var clock = new FakeTimeProvider();
            var limiter = new LogRateLimiter(clock);
            var plan = Plans.Plan();
            var transport = new VrrpTransport([plan], key => Sockets[key.InterfaceIndex] = new RecordingSocket(key), Log, limiter);
            Monitor = new LinkResync(() => Links, () => ["eth0"], Posted.Add, Log, Ledger);
            var mover = new HostObjectsMover(Kernel, Kernel, Kernel, Log, Ledger, Monitor.OnFailure, _ => { });
            Host = new VrrpHost(new VrrpEngine([Plans.Settings()]), [plan], transport, mover, new RecordingAnnouncer(), new RecordingSink(), Log, limiter);
            Host.RebindNeeded = Rebinds.Add;
            Applier = new PlanApplier(transport, Host, work => { work(Now); return Task.CompletedTask; });
        }

        public static LinkInfo Link(int index) => new(index, "eth0", 0x1 | 0x40, [2, 0, 0, 0, 0, 1], 1500, "veth", 0, 0);

        public VrrpState State => Host.Engine.Snapshot()[0].State;

        /// <summary>What status and metrics say: the engine holds the VIPs and the kernel confirmed each (VrrpService).</summary>
        public bool StatusClaimsVip
        {
            get
            {
                var plan = Host.Plans["VI_1"];
                return (Host.Engine.Snapshot()[0].HoldsAddresses && Ledger.HoldsAll(plan)) || Ledger.IsSet(plan.Name, plan.Addresses[0]);
            }
        }

        public void RunUntil(TimeSpan until)
        {
            while (Host.NextDeadline is { } due && due <= until) Host.Tick(Now = due);
            Now = until;
        }

        /// <summary>The loop handling what the monitor posted.</summary>
        public void Deliver()
        {
            foreach (var input in Posted.ToList()) Host.Handle(input, Now);
            Posted.Clear();
        }

        /// <summary>RTM_DELLINK: the kernel drops the link and every address on it.</summary>
        public void DeleteLink(int index)
        {
            var link = Links.Single(l => l.Index == index);
            Links.Remove(link);
            Kernel.OnHost.RemoveWhere(a => a.InterfaceIndex == index);
            Monitor.OnLinkEvent(link, removed: true);
            Deliver();
        }

        /// <summary>RTM_NEWLINK for a new link of the same name, up and running.</summary>
        public void CreateLink(int index)
        {
            var link = Link(index);
            Links.Add(link);
            Monitor.OnLinkEvent(link, removed: false);
            Deliver();
        }

        /// <summary>What the daemon does when asked to re-bind: plan against the links as they are now, through the reload's apply path.</summary>
        public Task Rebind() => Applier.ApplyAsync([Plans.Plan(index: Links.Single().Index)], HostObjects.Empty);
    }

    [Fact]
    public async Task Recreated_NewIndex_FaultWhileGoneThenMasterWithVipAndAdvertsOnTheNewIndex()
    {
        var rig = new Rig();
        bool gone = false;
        var claimsWhileGone = new List<string>();
        rig.Host.Observer = (a, t) => { if (gone && rig.StatusClaimsVip) claimsWhileGone.Add($"{t}: {a}"); };
        rig.Host.Start(TimeSpan.Zero, [], []);
        rig.RunUntil(TimeSpan.FromSeconds(4));
        Assert.Equal(VrrpState.Master, rig.State);
        Assert.True(rig.StatusClaimsVip);
        Assert.NotEmpty(rig.Sockets[2].Sent);

        gone = true;
        rig.Now = TimeSpan.FromSeconds(5);
        rig.DeleteLink(2);
        Assert.Equal(VrrpState.Fault, rig.State);
        Assert.False(rig.StatusClaimsVip);
        int sentOnOld = rig.Sockets[2].Sent.Count;

        rig.Now = TimeSpan.FromSeconds(6);
        rig.CreateLink(7);
        // Up, but everything is still bound to index 2: FAULT until re-bound, and a re-bind is asked for.
        Assert.Equal(VrrpState.Fault, rig.State);
        Assert.False(rig.StatusClaimsVip);
        Assert.Equal(["eth0"], rig.Rebinds);
        Assert.Contains("index 2 -> 7", Assert.Single(rig.Log.WithId(1311)), StringComparison.Ordinal);
        rig.RunUntil(TimeSpan.FromSeconds(7));
        Assert.Equal(VrrpState.Fault, rig.State);

        await rig.Rebind();
        gone = false;
        Assert.Single(rig.Log.WithId(1312));
        Assert.Equal(7, rig.Host.Plans["VI_1"].Binding.Index);
        rig.RunUntil(TimeSpan.FromSeconds(11));

        Assert.Equal(VrrpState.Master, rig.State);
        var vip = Assert.Single(rig.Kernel.OnHost);
        Assert.Equal((Plans.Vip, 7), (vip.Address, vip.InterfaceIndex));
        Assert.True(rig.StatusClaimsVip);
        Assert.NotEmpty(rig.Sockets[7].Sent);
        Assert.Equal(sentOnOld, rig.Sockets[2].Sent.Count); // nothing more on the dead index
        Assert.Empty(claimsWhileGone);
        Assert.Empty(rig.Log.WithId(1309)); // no advert was sent into ENODEV
    }

    [Fact]
    public async Task Recreated_LateEventAboutTheOldIndex_IgnoredAfterRebind()
    {
        var rig = new Rig();
        rig.Host.Start(TimeSpan.Zero, [], []);
        rig.RunUntil(TimeSpan.FromSeconds(4));
        rig.DeleteLink(2);
        rig.CreateLink(7);
        await rig.Rebind();
        rig.RunUntil(TimeSpan.FromSeconds(10));
        Assert.Equal(VrrpState.Master, rig.State);

        // A down report about index 2 that arrives late is not about the eth0 we are bound to now.
        rig.Host.Handle(new LinkInput("eth0", false, 2), rig.Now);
        Assert.Equal(VrrpState.Master, rig.State);
        // One about index 7 is.
        rig.Host.Handle(new LinkInput("eth0", false, 7), rig.Now);
        Assert.Equal(VrrpState.Fault, rig.State);
    }
}
