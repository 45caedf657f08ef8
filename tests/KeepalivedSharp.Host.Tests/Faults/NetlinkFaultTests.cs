using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Host.Network;
using KeepalivedSharp.Host.Planning;
using KeepalivedSharp.Host.Tests.Vrrp;
using KeepalivedSharp.Host.Vrrp;
using KeepalivedSharp.Linux.Native;
using KeepalivedSharp.Linux.Netlink;
using Microsoft.Extensions.Time.Testing;

namespace KeepalivedSharp.Host.Tests.Faults;

/// <summary>
/// rtnetlink answering EBUSY, ENOBUFS or ENODEV to an address add or remove, injected at the address
/// manager under the real mover and host adapter. Expected: a transient error is retried (bounded),
/// a lasting one is logged once and the address is not reported as held; ENODEV faults the instance.
/// </summary>
public sealed class NetlinkFaultTests
{
    private sealed class Rig
    {
        public FaultyAddresses Kernel { get; } = new();
        public HostAddressLedger Ledger { get; } = new();
        public ListLogger Log { get; } = new();
        public List<TimeSpan> Pauses { get; } = [];
        public List<HostFailure> Failures { get; } = [];
        public List<VrrpInput> Posted { get; } = [];
        public List<LinkInfo> Links { get; } = [Link("eth0")];
        public InstancePlan Plan { get; } = Plans.Plan();
        public VrrpHost Host { get; }
        public LinkResync Resync { get; }

        public Rig()
        {
            Resync = new LinkResync(() => Links, () => ["eth0"], Posted.Add, Log);
            var mover = new HostObjectsMover(Kernel, Kernel, Kernel, Log, Ledger, f => { Failures.Add(f); Resync.OnFailure(f); }, Pauses.Add);
            (_, Host) = FaultHost.Create(Plans.Settings(), new RecordingSocket(Plan.Socket), Log, new FakeTimeProvider(), mover);
        }

        public static LinkInfo Link(string name) => new(2, name, 0x1 | 0x40, [2, 0, 0, 0, 0, 1], 1500, null, 0, 0);

        public VrrpState State => Host.Engine.Snapshot()[0].State;

        public bool EngineHolds => Host.Engine.Snapshot()[0].HoldsAddresses;

        /// <summary>Starts and runs the timers until the instance is MASTER (alone on the wire).</summary>
        public void BecomeMaster()
        {
            Host.Start(TimeSpan.Zero, [], []);
            while (Host.NextDeadline is { } due && due <= TimeSpan.FromSeconds(4)) Host.Tick(due);
            Assert.Equal(VrrpState.Master, State);
        }

        /// <summary>What the loop would do with the inputs posted from the network worker.</summary>
        public void DeliverPosted(TimeSpan now)
        {
            foreach (var input in Posted) Host.Handle(input, now);
            Posted.Clear();
        }
    }

    [Theory]
    [InlineData(Errno.EBUSY)]
    [InlineData(Errno.ENOBUFS)]
    public void Add_TransientErrorTwice_RetriedThenSetAndHeld(int errno)
    {
        var rig = new Rig();
        rig.Kernel.AddErrors.Enqueue(errno);
        rig.Kernel.AddErrors.Enqueue(errno);

        rig.BecomeMaster();

        Assert.Equal(3, rig.Kernel.AddAttempts);
        Assert.Equal([TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50)], rig.Pauses);
        Assert.Contains(Plans.Vip, rig.Kernel.OnHost.Select(a => a.Address));
        Assert.True(rig.Ledger.HoldsAll(rig.Plan));
        Assert.Empty(rig.Failures);
        Assert.Single(rig.Log.WithId(1308)); // "succeeded at attempt 3"
        Assert.Empty(rig.Log.WithId(1300));
    }

    [Theory]
    [InlineData(Errno.EBUSY)]
    [InlineData(Errno.ENOBUFS)]
    public void Add_TransientErrorPersists_BoundedAttemptsOneLogLineAndNotHeld(int errno)
    {
        var rig = new Rig();
        for (int k = 0; k < 100; k++) rig.Kernel.AddErrors.Enqueue(errno);

        rig.BecomeMaster();

        Assert.Equal(HostObjectsMover.Attempts, rig.Kernel.AddAttempts);
        Assert.Equal(HostObjectsMover.Attempts - 1, rig.Pauses.Count);
        Assert.Empty(rig.Kernel.OnHost);
        // The engine asked for the VIP (keepalived's vipset); what status reports is what the kernel confirmed.
        Assert.True(rig.EngineHolds);
        Assert.False(rig.Ledger.HoldsAll(rig.Plan));
        Assert.False(rig.Ledger.IsSet("VI_1", rig.Plan.Addresses[0]));
        var line = Assert.Single(rig.Log.WithId(1300));
        Assert.Contains($"after {HostObjectsMover.Attempts} attempts", line, StringComparison.Ordinal);
        Assert.Contains(Errno.Name(errno), line, StringComparison.Ordinal);
        // Not a lost interface: the links are not re-read, the instance stays MASTER and keeps advertising.
        Assert.Empty(rig.Posted);
        Assert.Equal(VrrpState.Master, rig.State);
    }

    [Fact]
    public void Add_Enodev_NoRetryLinksReReadAndInstanceGoesToFault()
    {
        var rig = new Rig();
        rig.Kernel.AddErrors.Enqueue(Errno.ENODEV);
        rig.Links.Clear(); // eth0 was deleted just before the add

        rig.BecomeMaster();

        Assert.Equal(1, rig.Kernel.AddAttempts); // ENODEV is not transient
        Assert.Empty(rig.Pauses);
        Assert.Equal(Errno.ENODEV, Assert.Single(rig.Failures).Error.ErrorNumber);
        Assert.Single(rig.Log.WithId(1310));
        Assert.Equal(new LinkInput("eth0", false), Assert.Single(rig.Posted));

        rig.DeliverPosted(TimeSpan.FromSeconds(5));

        Assert.Equal(VrrpState.Fault, rig.State);
        Assert.False(rig.EngineHolds);
        Assert.False(rig.Ledger.IsSet("VI_1", rig.Plan.Addresses[0]));
        Assert.Empty(rig.Host.HeldInstances);
    }

    [Fact]
    public void Add_EnodevButInterfaceBackAlready_LinkReportedUpAndNoFault()
    {
        // The failure arrives late: eth0 is there again. Re-reading the links (rather than posting
        // "down" outright) keeps a stale error from faulting a working interface.
        var rig = new Rig();
        rig.Kernel.AddErrors.Enqueue(Errno.ENODEV);

        rig.BecomeMaster();
        Assert.Equal(new LinkInput("eth0", true, 2), Assert.Single(rig.Posted));
        rig.DeliverPosted(TimeSpan.FromSeconds(5));

        Assert.Equal(VrrpState.Master, rig.State);
        Assert.False(rig.Ledger.HoldsAll(rig.Plan)); // still honest: the add did fail
    }

    [Fact]
    public void Remove_Enodev_AddressCountsAsGoneAndInstanceFaults()
    {
        var rig = new Rig();
        rig.BecomeMaster();
        Assert.True(rig.Ledger.HoldsAll(rig.Plan));

        // A higher-priority master appears: we release, but eth0 vanished meanwhile.
        rig.Kernel.RemoveErrors.Enqueue(Errno.ENODEV);
        rig.Links.Clear();
        rig.Host.Handle(new AdvertInput(Advert(priority: 200)), TimeSpan.FromSeconds(5));

        Assert.Equal(VrrpState.Backup, rig.State);
        Assert.Equal(1, rig.Kernel.RemoveAttempts);
        Assert.False(rig.Ledger.IsSet("VI_1", rig.Plan.Addresses[0])); // gone with its interface
        rig.DeliverPosted(TimeSpan.FromSeconds(5));
        Assert.Equal(VrrpState.Fault, rig.State);
    }

    [Fact]
    public void Remove_TransientErrorPersists_AddressStillReportedSet()
    {
        var rig = new Rig();
        rig.BecomeMaster();
        for (int k = 0; k < 10; k++) rig.Kernel.RemoveErrors.Enqueue(Errno.EBUSY);

        rig.Host.Stop(TimeSpan.FromSeconds(5));

        Assert.Equal(HostObjectsMover.Attempts, rig.Kernel.RemoveAttempts);
        Assert.Single(rig.Kernel.OnHost);
        // Still on the host, so still "set": status must not claim the release happened.
        Assert.True(rig.Ledger.IsSet("VI_1", rig.Plan.Addresses[0]));
        Assert.Single(rig.Log.WithId(1300));
    }

    [Fact]
    public void QueuedNetwork_KernelFailingEveryRequest_WorkerDrainsAndMoveNeverBlocksTheCaller()
    {
        var kernel = new FaultyAddresses();
        for (int k = 0; k < 1_000; k++) kernel.AddErrors.Enqueue(Errno.EBUSY);
        var log = new ListLogger();
        var pauses = 0;
        using var queued = new QueuedHostNetwork(new HostObjectsMover(kernel, kernel, kernel, log, pause: _ => Interlocked.Increment(ref pauses)), log);
        var plan = Plans.Plan();

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        for (int k = 0; k < 100; k++)
        {
            queued.Move(plan.Name, HostObjects.Empty, plan.Objects);
            queued.Move(plan.Name, plan.Objects, HostObjects.Empty);
        }
        var enqueue = System.Diagnostics.Stopwatch.GetElapsedTime(started);

        Assert.True(queued.Drain(TimeSpan.FromSeconds(10)));
        Assert.True(enqueue < TimeSpan.FromMilliseconds(200), $"200 moves took {enqueue} to enqueue");
        Assert.Equal(0, queued.Pending);
        Assert.True(kernel.AddAttempts <= 100 * HostObjectsMover.Attempts, $"{kernel.AddAttempts} add attempts");
        Assert.Equal(100, log.WithId(1300).Count(l => l.Contains("adding", StringComparison.Ordinal)));
    }

    private static ReceivedAdvert Advert(int priority) => new("eth0", System.Net.IPAddress.Parse("10.0.0.2"), true,
        new Advertisement { Version = 2, VirtualRouterId = 51, Priority = priority, Interval = TimeSpan.FromSeconds(1), Addresses = [Plans.Vip] });
}
