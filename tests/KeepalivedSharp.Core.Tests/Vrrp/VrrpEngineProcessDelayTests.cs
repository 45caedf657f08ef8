using KeepalivedSharp.Core.Tracking;
using KeepalivedSharp.Core.Vrrp;
using static KeepalivedSharp.Core.Tests.Vrrp.EngineHarness;

namespace KeepalivedSharp.Core.Tests.Vrrp;

/// <summary>vrrp_track_process fork_delay and terminate_delay, in the engine (keepalived 2.2.7 track_process.c).</summary>
public class VrrpEngineProcessDelayTests
{
    private static EngineHarness Harness(double fork = 2, double terminate = 3)
        => new(Instance(100, tweak: s => s with { Trackers = [new TrackBinding(TrackerKind.Process, "proc", 0)] }), [],
            [new ProcessSettings("proc") { ForkDelay = TimeSpan.FromSeconds(fork), TerminateDelay = TimeSpan.FromSeconds(terminate) }]);

    private static EngineHarness MasterAt10(double fork = 2, double terminate = 3)
    {
        var h = Harness(fork, terminate);
        h.Process("proc", true);
        h.Start();
        h.RunUntil(10);
        Assert.Equal(VrrpState.Master, h.State);
        return h;
    }

    [Fact]
    public void ProcessQuorum_BeforeStart_AppliesAtOnce()
    {
        var h = Harness();
        h.Process("proc", false);
        h.Start();
        Assert.Equal(VrrpState.Fault, h.State);
    }

    [Fact]
    public void ProcessQuorum_Lost_AppliedAfterTerminateDelay()
    {
        var h = MasterAt10();
        h.Process("proc", false);
        h.RunUntil(12.999);
        Assert.Equal(VrrpState.Master, h.State);
        h.RunUntil(13);
        Assert.Equal(VrrpState.Fault, h.State);
        Assert.Equal(13, h.Transitions.Last().At.TotalSeconds);
    }

    [Fact]
    public void ProcessQuorum_LostAndBackWithinTerminateDelay_NoTransition()
    {
        var h = MasterAt10();
        int transitions = h.Transitions.Count();
        h.Process("proc", false);
        h.RunUntil(12);
        h.Process("proc", true);
        h.RunUntil(30);
        Assert.Equal(transitions, h.Transitions.Count());
        Assert.Equal(VrrpState.Master, h.State);
    }

    [Fact]
    public void ProcessQuorum_AppearsAndVanishesWithinForkDelay_NoTransition()
    {
        var h = Harness();
        h.Process("proc", false);
        h.Start();
        h.RunUntil(5);
        h.Process("proc", true);
        h.RunUntil(6.5);
        h.Process("proc", false);
        h.RunUntil(30);
        Assert.Equal(VrrpState.Fault, h.State);
        Assert.Single(h.Transitions); // INIT -> FAULT at start only
        // Appearing for good: counted after fork_delay.
        h.Process("proc", true);
        h.RunUntil(31.999);
        Assert.Equal(VrrpState.Fault, h.State);
        h.RunUntil(32);
        Assert.Equal(VrrpState.Backup, h.State);
    }

    [Fact]
    public void ProcessQuorum_RepeatedReportsWhileWaiting_DeadlineNotMoved()
    {
        var h = MasterAt10();
        h.Process("proc", false);
        h.RunUntil(11);
        h.Process("proc", false);
        h.RunUntil(13);
        Assert.Equal(VrrpState.Fault, h.State);
    }

    [Fact]
    public void ProcessQuorum_NoDelays_AppliesAtOnce()
    {
        var h = MasterAt10(fork: 0, terminate: 0);
        h.Process("proc", false);
        Assert.Equal(VrrpState.Fault, h.State);
    }
}
