using KeepalivedSharp.Core.Check;
using static KeepalivedSharp.Core.Tests.Check.CheckFixtures;

namespace KeepalivedSharp.Core.Tests.Check;

/// <summary>A probe that could not run on our side (check_tcp.c "TCP socket bind failed. Rescheduling.").</summary>
public class ProbeSkippedTests
{
    [Fact]
    public void ProbeSkipped_NoVerdict_NextAttemptAfterDelayLoop_EvenWhileRetrying()
    {
        var d = new CheckDriver(1, Virtual(Real(1, Tcp(retry: 2, delayLoop: 6, dbr: 1)))).Start().At(S);
        d.Answer(d.Probe(), true);
        d.At(7 * S).Answer(d.Probe(), false); // retrying: the next attempt would be at 8 s
        var p = d.At(8 * S).Probe();
        d.Do(o => Assert.True(d.Engine.ProbeSkipped(p.Probe, "TCP socket bind failed. Rescheduling.", d.Now, o)));
        Assert.DoesNotContain(d.Last, a => a is CheckerResult);
        Assert.Equal("TCP socket bind failed. Rescheduling.", Assert.Single(d.Last.OfType<ProbeRescheduled>()).Detail);
        Assert.Equal(14 * S, d.Timer);
        Assert.NotNull(d.Dest(Rs(1)));
        Assert.Equal(0, d.Engine.ProbesInFlight);
        d.Do(o => Assert.False(d.Engine.ProbeSkipped(p.Probe, null, d.Now, o))); // answered once only
    }
}
