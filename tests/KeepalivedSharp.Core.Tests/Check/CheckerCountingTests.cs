using KeepalivedSharp.Core.Check;
using static KeepalivedSharp.Core.Tests.Check.CheckFixtures;

namespace KeepalivedSharp.Core.Tests.Check;

/// <summary>Checker state: keepalived's retry+1 counting, alpha and the first run (check-module spec 1.8).</summary>
public class CheckerCountingTests
{
    [Fact]
    public void Start_NonAlphaServer_InTableAndQuorumGainedAtStartup()
    {
        var d = new CheckDriver(1, Virtual(Real(1, Tcp()))).Start();
        Assert.Equal(new Destination(DestinationOptions.Nat, 1), d.Dest(Rs(1)));
        var q = Assert.Single(d.Last.OfType<QuorumChanged>());
        Assert.True(q.Up);
        Assert.True(q.Startup);
        Assert.Single(d.Last.OfType<TableChanged>());
        // BOOTSTRAP_DELAY with warmup 0: the first check at exactly 1 s.
        Assert.Equal(S, d.Timer);
    }

    [Fact]
    public void FirstFailure_NonAlpha_DownAtOnceDespiteRetries()
    {
        var d = new CheckDriver(1, Virtual(Real(1, Tcp(retry: 3)))).Start().At(S);
        d.Answer(d.Probe(), false);
        var r = Assert.Single(d.Last.OfType<CheckerResult>());
        Assert.False(r.Up);
        Assert.True(r.Changed);
        Assert.Null(d.Dest(Rs(1)));
        Assert.Contains(d.Last, a => a is RealServerChanged { Up: false, Initial: false });
    }

    [Fact]
    public void AfterSuccess_RetryPlusOneFailuresTakeItDown_RetriesAtDelayBeforeRetry()
    {
        var d = new CheckDriver(1, Virtual(Real(1, Tcp(retry: 2, delayLoop: 6, dbr: 1)))).Start().At(S);
        d.Answer(d.Probe(), true);
        Assert.Equal(7 * S, d.Timer); // delay_loop after the verdict
        d.At(7 * S).Answer(d.Probe(), false);
        Assert.Equal(8 * S, d.Timer); // retry 1 after delay_before_retry
        Assert.Equal(1, d.Last.OfType<CheckerResult>().Single().Retry);
        d.At(8 * S).Answer(d.Probe(), false);
        Assert.Equal(9 * S, d.Timer);
        Assert.NotNull(d.Dest(Rs(1)));
        d.At(9 * S).Answer(d.Probe(), false);
        Assert.Null(d.Dest(Rs(1)));
        Assert.Equal(15 * S, d.Timer); // while down: one attempt per delay_loop
        d.At(15 * S).Answer(d.Probe(), true);
        Assert.NotNull(d.Dest(Rs(1))); // one success brings it back: no rise count
    }

    [Fact]
    public void Alpha_StartsOut_FailedFirstRunSendsInitialDown_SuccessAdds()
    {
        var d = new CheckDriver(1, Virtual(Real(1, Tcp(alpha: true)))).Start();
        Assert.Null(d.Dest(Rs(1)));
        Assert.DoesNotContain(d.Last, a => a is QuorumChanged); // alpha without a sorry server is silent
        d.At(S).Answer(d.Probe(), false);
        Assert.Contains(d.Last, a => a is RealServerChanged { Up: false, Initial: true });
        d.At(7 * S).Answer(d.Probe(), true);
        Assert.NotNull(d.Dest(Rs(1)));
        Assert.Contains(d.Last, a => a is QuorumChanged { Up: true, Startup: false });
    }

    [Fact]
    public void TwoCheckers_AndSemantics_OutOnFirstFailure_InOnlyWhenLastRecovers()
    {
        var d = new CheckDriver(1, Virtual(Real(1, Tcp(delayLoop: 5), Tcp(delayLoop: 5)))).Start().At(S);
        var probes = d.Last.OfType<RunProbe>().ToList();
        Assert.Equal(2, probes.Count);
        d.Answer(probes[0], false);
        Assert.Null(d.Dest(Rs(1)));
        d.Answer(probes[1], false);
        d.At(6 * S);
        probes = d.Last.OfType<RunProbe>().ToList();
        d.Answer(probes[0], true);
        Assert.Null(d.Dest(Rs(1)));
        d.Answer(probes[1], true);
        Assert.NotNull(d.Dest(Rs(1)));
    }

    [Fact]
    public void InhibitOnFailure_FailedServerStaysAtWeightZero()
    {
        var rs = Real(1, Tcp()) with { InhibitOnFailure = true, Weight = 5 };
        var d = new CheckDriver(1, Virtual(rs)).Start();
        Assert.Equal(5, d.Dest(Rs(1))!.Value.Weight);
        d.At(S).Answer(d.Probe(), false);
        Assert.Equal(0, d.Dest(Rs(1))!.Value.Weight);
    }

    [Fact]
    public void NoCheckers_AlwaysUp()
    {
        var d = new CheckDriver(1, Virtual(Real(1))).Start();
        Assert.NotNull(d.Dest(Rs(1)));
        Assert.Null(d.Timer);
    }

    [Fact]
    public void Warmup_SeededJitterWithinBound_SameSeedSameSchedule()
    {
        TimeSpan First(ulong seed) => new CheckDriver(seed, Virtual(Real(1, Tcp(warmup: 10)))).Start().Timer!.Value;
        var firsts = Enumerable.Range(1, 50).Select(k => First((ulong)k)).ToList();
        Assert.All(firsts, t => Assert.InRange(t, S, 11 * S));
        Assert.True(firsts.Distinct().Count() > 40);
        Assert.Equal(First(7), First(7));
    }

    [Fact]
    public void ProbeLimit_HostNeverAnswers_CountedAsFailure_LateAnswerIgnored()
    {
        var c = Tcp() with { ProbeLimit = 3 * S };
        var d = new CheckDriver(1, Virtual(Real(1, c))).Start().At(S);
        var p = d.Probe();
        d.At(4 * S);
        Assert.Contains(d.Last, a => a is CheckerResult { Success: false, Detail: not null });
        Assert.Null(d.Dest(Rs(1)));
        Assert.False(d.Engine.ProbeDone(p.Probe, true, null, null, d.Now, []));
        Assert.Equal(0, d.Engine.ProbesInFlight);
    }

    [Fact]
    public void HaSuspend_VipAbsent_NoProbes_PresentResumes()
    {
        var vs = Virtual(Real(1, Tcp(delayLoop: 2))) with { HaSuspend = true };
        var d = new CheckDriver(1, vs).Start().At(S);
        Assert.Empty(d.Last.OfType<RunProbe>());
        d.Do(o => d.Engine.VipPresence(vs.Id, true, d.Now, o));
        Assert.Contains(d.Last, a => a is CheckersSuspended { Suspended: false });
        d.At(3 * S);
        Assert.Single(d.Last.OfType<RunProbe>());
    }
}
