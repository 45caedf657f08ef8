using KeepalivedSharp.Core.Check;
using static KeepalivedSharp.Core.Tests.Check.CheckFixtures;

namespace KeepalivedSharp.Core.Tests.Check;

/// <summary>HTTP_GET/SSL_GET: one url per delay_loop, per-url retries, recovery from the top (spec 1.7).</summary>
public class UrlSequencingTests
{
    private static CheckerSettings Http(int urls, bool fast = false, bool alpha = false) =>
        new(CheckerKind.Http, 10 * S, 3 * S, 1, TimeSpan.Zero, alpha, UrlCount: urls, FastRecovery: fast);

    [Fact]
    public void Up_CyclesUrlsOnePerDelayLoop()
    {
        var d = new CheckDriver(1, Virtual(Real(1, Http(3)))).Start();
        var urls = new List<int>();
        d.RunUntil(45 * S, p => { urls.Add(p.Url); return true; });
        Assert.Equal([0, 1, 2, 0, 1], urls); // 1, 11, 21, 31, 41 s
    }

    [Fact]
    public void FailedUrl_PolledAlone_ThenWholeListFromTheTop_UpAfterLast()
    {
        var d = new CheckDriver(1, Virtual(Real(1, Http(3)))).Start();
        var seen = new List<(TimeSpan, int)>();
        bool broken = false;
        d.RunUntil(200 * S, p =>
        {
            seen.Add((d.Now, p.Url));
            if (d.Now == 11 * S) broken = true;   // url 1 starts failing
            if (d.Now >= 60 * S) broken = false;  // and recovers
            return !(broken && p.Url == 1);
        });
        // 1 s url0 ok; 11 s url1 fails (retry 1 after 3 s); 14 s fails again: down.
        Assert.Equal((11 * S, 1), seen[1]);
        Assert.Equal((14 * S, 1), seen[2]);
        // Down: only url 1, every max(delay_before_retry, delay_loop) = 10 s.
        Assert.Equal([(24 * S, 1), (34 * S, 1), (44 * S, 1), (54 * S, 1), (64 * S, 1)], seen.Skip(3).Take(5).ToList());
        // It passes at 64 s; the list restarts at url 0 and the checker is up after url 2.
        Assert.Equal([(74 * S, 0), (84 * S, 1), (94 * S, 2)], seen.Skip(8).Take(3).ToList());
        var ups = d.All.OfType<RealServerChanged>().Where(r => r.Up).ToList();
        Assert.Single(ups);
        var upAt = d.All.IndexOf(ups[0]);
        Assert.Equal(2, d.All.Take(upAt).OfType<CheckerResult>().Last().Url);
    }

    /// <summary>
    /// One url is no exception (check_http.c epilog): the first pass after a failure only clears failed_url,
    /// the next brings the server back. Seen in the IPVS VM (bench/lb): keepalived 2.2.7 fails at t, passes
    /// at t+3 s (delay_before_retry) and is up at t+4 s.
    /// </summary>
    [Fact]
    public void SingleUrl_AfterAFailure_UpOnTheSecondPass()
    {
        var d = new CheckDriver(1, Virtual(Real(1, Http(1)))).Start();
        var seen = new List<TimeSpan>();
        d.RunUntil(60 * S, p =>
        {
            seen.Add(d.Now);
            return d.Now != 11 * S && d.Now != 14 * S; // 11 s fails (retry 1 after 3 s), 14 s fails: down
        });
        Assert.Equal([S, 11 * S, 14 * S, 24 * S, 34 * S], seen.Take(5).ToList());
        var changes = d.All.OfType<RealServerChanged>().ToList();
        Assert.Equal([false, true], changes.Select(c => c.Up).ToArray());
        var upAt = d.All.IndexOf(changes[1]);
        Assert.Equal(2, d.All.Skip(d.All.IndexOf(changes[0])).Take(upAt - d.All.IndexOf(changes[0])).OfType<CheckerResult>().Count(r => r.Success));
    }

    [Fact]
    public void FastRecovery_RemovesGapsWhileComingUp()
    {
        var d = new CheckDriver(1, Virtual(Real(1, Http(3, fast: true, alpha: true)))).Start();
        var times = new List<TimeSpan>();
        d.RunUntil(5 * S, p => { times.Add(d.Now); return true; });
        Assert.Equal([S, S, S], times);
        Assert.NotNull(d.Dest(Rs(1)));
    }
}
