using KeepalivedSharp.Notify.Logging;
using Microsoft.Extensions.Time.Testing;

namespace KeepalivedSharp.Notify.Tests.Logging;

public class LogRateLimiterTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private static int Passed(LogRateLimiter limiter, string key, int tries)
        => Enumerable.Range(0, tries).Count(i => limiter.TryAcquire(key, out _));

    [Fact]
    public void TryAcquire_FloodInOneWindow_BurstPassesRestCountedAndReportedOnce()
    {
        var time = new FakeTimeProvider();
        var limiter = new LogRateLimiter(time, burst: 3, Window);
        Assert.Equal(3, Passed(limiter, "k", 100));

        time.Advance(Window);
        Assert.True(limiter.TryAcquire("k", out var suppressed));
        Assert.Equal(97, suppressed);
        Assert.True(limiter.TryAcquire("k", out suppressed));
        Assert.Equal(0, suppressed);
    }

    [Fact]
    public void TryAcquire_JustBeforeTheWindowEnds_StillHeldBack()
    {
        var time = new FakeTimeProvider();
        var limiter = new LogRateLimiter(time, burst: 1, Window);
        Assert.True(limiter.TryAcquire("k", out _));
        time.Advance(Window - TimeSpan.FromMilliseconds(1));
        Assert.False(limiter.TryAcquire("k", out _));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(limiter.TryAcquire("k", out var suppressed));
        Assert.Equal(1, suppressed);
    }

    [Fact]
    public void TryAcquire_TwoKeys_EachHasItsOwnBurst()
    {
        var limiter = new LogRateLimiter(new FakeTimeProvider(), burst: 2, Window);
        Assert.Equal(2, Passed(limiter, "a", 10));
        Assert.Equal(2, Passed(limiter, "b", 10));
    }

    [Fact]
    public void TryAcquire_NoKey_OneStreamWithTheDefaultBurst()
    {
        var time = new FakeTimeProvider();
        var limiter = new LogRateLimiter(time);
        Assert.Equal(10, Enumerable.Range(0, 50).Count(i => limiter.TryAcquire(out _)));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(limiter.TryAcquire(out var suppressed));
        Assert.Equal(40, suppressed);
    }

    [Fact]
    public void TryAcquire_FloodOfDistinctKeys_TableStaysBoundedAndKeepsLimiting()
    {
        var limiter = new LogRateLimiter(new FakeTimeProvider(), burst: 1, Window);
        for (int i = 0; i < 3 * LogRateLimiter.MaxKeys; i++) Assert.True(limiter.TryAcquire($"src{i}", out _));
        // The table was cleared at most when full, so a key seen after the last clear is still limited.
        Assert.False(limiter.TryAcquire($"src{3 * LogRateLimiter.MaxKeys - 1}", out _));
    }

    [Fact]
    public void TryAcquire_ManyThreads_ExactlyTheBurstPasses()
    {
        var limiter = new LogRateLimiter(new FakeTimeProvider(), burst: 25, Window);
        int passed = 0;
        Parallel.For(0, 10_000, _ =>
        {
            if (limiter.TryAcquire("k", out _)) Interlocked.Increment(ref passed);
        });
        Assert.Equal(25, passed);
    }
}
