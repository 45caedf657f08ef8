using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Host.Loop;
using KeepalivedSharp.Host.Tests.Vrrp;
using KeepalivedSharp.Host.Vrrp;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KeepalivedSharp.Host.Tests.Faults;

/// <summary>
/// Clock steps. Timers run on the monotonic clock only (TimeProvider.GetTimestamp), so a wall-clock
/// step (NTP, `date -s`) changes nothing; a monotonic leap (the process was stopped or its VM paused)
/// makes the due timers fire once each, then the schedule resumes from now: no burst of catch-up adverts.
/// </summary>
public sealed class ClockFaultTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public void Tick_AfterAnHourLeap_OneAdvertThenTheNormalInterval()
    {
        var (_, host) = FaultHost.Create(Plans.Settings(), new RecordingSocket(Plans.Plan().Socket), NullLogger.Instance, new FakeTimeProvider());
        var adverts = new List<TimeSpan>();
        host.Observer = (a, t) => { if (a is SendAdvert) adverts.Add(t); };
        host.Start(TimeSpan.Zero, [], []);
        while (host.NextDeadline is { } due && due <= TimeSpan.FromSeconds(10)) host.Tick(due);
        Assert.Equal(VrrpState.Master, host.Engine.Snapshot()[0].State);
        int before = adverts.Count;

        var later = TimeSpan.FromSeconds(10) + TimeSpan.FromHours(1);
        host.Tick(later);

        Assert.Equal(before + 1, adverts.Count); // not 3,600 catch-up adverts
        Assert.True(host.NextDeadline > later, $"next deadline {host.NextDeadline} not after {later}");
        Assert.True(host.NextDeadline <= later + TimeSpan.FromSeconds(1), $"next deadline {host.NextDeadline}");
        Assert.Equal(VrrpState.Master, host.Engine.Snapshot()[0].State);
    }

    [Fact]
    public async Task Loop_WallClockSteps_AdvertsKeepTheirSpacing()
    {
        await using var rig = await LoopRig.StartMasterAsync();

        var before = await rig.AdvertsAsync();
        rig.Clock.StepWall(TimeSpan.FromDays(-1));
        await rig.WaitForAdvertsAsync(before.Count + 10);
        rig.Clock.StepWall(TimeSpan.FromDays(2));
        var after = await rig.WaitForAdvertsAsync(before.Count + 20);

        // Through both steps: every advert one interval after the last (within the loop's wake-up
        // jitter), never a stall or a burst.
        AssertSpacing(after.Skip(before.Count - 1).ToList());
    }

    [Fact]
    public async Task Loop_MonotonicLeapOfAnHour_DueTimersFireOnceNoStorm()
    {
        await using var rig = await LoopRig.StartMasterAsync();

        var before = await rig.AdvertsAsync();
        var leapAt = before[^1] + TimeSpan.FromMinutes(59);
        rig.Clock.StepMonotonic(TimeSpan.FromHours(1));
        var after = await rig.WaitForAdvertsAsync(before.Count + 10);

        // Nothing is sent for the hour skipped; the first advert after it is due at once, the rest follow
        // at the interval: a storm of 72,000 catch-up adverts would show as gaps under the interval.
        var leap = after.Skip(before.Count).ToList();
        var first = leap.FindIndex(t => t > leapAt);
        Assert.True(first is 0 or 1, $"advert {first} is the first after the leap");
        AssertSpacing(leap.Skip(first).ToList());
        Assert.Equal(VrrpState.Master, await rig.StateAsync());
    }

    /// <summary>No burst (a gap under the interval) and no stall (a gap of many intervals) on the loop's clock.</summary>
    private static void AssertSpacing(List<TimeSpan> times)
    {
        for (int k = 1; k < times.Count; k++)
        {
            var gap = times[k] - times[k - 1];
            Assert.True(gap >= Interval - TimeSpan.FromMilliseconds(1) && gap < TimeSpan.FromMilliseconds(500), $"advert {k} after {gap.TotalMilliseconds} ms");
        }
    }

    /// <summary>The real event loop over the host adapter, with in-memory ports and a stepping clock.</summary>
    private sealed class LoopRig : IAsyncDisposable
    {
        private readonly List<TimeSpan> _adverts = [];
        private readonly VrrpHost _host;

        private LoopRig()
        {
            var settings = Plans.Settings() with { Version = 3, AdvertInterval = Interval, InitialMaster = true };
            (_, _host) = FaultHost.Create(settings, new RecordingSocket(Plans.Plan().Socket), NullLogger.Instance, Clock);
            _host.Observer = (a, t) => { if (a is SendAdvert) _adverts.Add(t); };
            Loop = new EventLoop<VrrpInput>("test", new Handler(_host), i => i.CoalesceKey, Clock, NullLogger.Instance);
        }

        public SteppingClock Clock { get; } = new();

        public EventLoop<VrrpInput> Loop { get; }

        public static async Task<LoopRig> StartMasterAsync()
        {
            var rig = new LoopRig();
            rig.Loop.Start();
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            while ((await rig.AdvertsAsync()).Count < 3 || await rig.StateAsync() != VrrpState.Master)
            {
                Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(started) < Bound, "not MASTER within the bound");
                await Task.Delay(20);
            }
            return rig;
        }

        public async Task<List<TimeSpan>> AdvertsAsync()
        {
            List<TimeSpan> copy = [];
            await Loop.InvokeAsync(() => copy = [.. _adverts]).WaitAsync(Bound);
            return copy;
        }

        /// <summary>Waits (bounded) until at least <paramref name="count"/> adverts have been sent.</summary>
        public async Task<List<TimeSpan>> WaitForAdvertsAsync(int count)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            while (true)
            {
                var adverts = await AdvertsAsync();
                if (adverts.Count >= count) return adverts;
                Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(started) < Bound, $"{adverts.Count} of {count} adverts within the bound");
                await Task.Delay(10);
            }
        }

        public async Task<VrrpState> StateAsync()
        {
            var state = VrrpState.Init;
            await Loop.InvokeAsync(() => state = _host.Engine.Snapshot()[0].State).WaitAsync(Bound);
            return state;
        }

        public async ValueTask DisposeAsync()
        {
            await Loop.StopAsync().WaitAsync(Bound);
            Loop.Dispose();
        }

        private sealed class Handler(VrrpHost host) : ILoopHandler<VrrpInput>
        {
            public TimeSpan? NextDeadline => host.NextDeadline;

            public void Start(TimeSpan now) => host.Start(now, [], []);

            public void Handle(VrrpInput input, TimeSpan now) => host.Handle(input, now);

            public void Tick(TimeSpan now) => host.Tick(now);

            public void Stop(TimeSpan now) => host.Stop(now);

            public void Abort(TimeSpan now) => host.Stop(now);
        }
    }
}
