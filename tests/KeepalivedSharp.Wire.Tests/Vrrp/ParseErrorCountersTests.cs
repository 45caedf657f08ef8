using KeepalivedSharp.Wire.Vrrp;

namespace KeepalivedSharp.Wire.Tests.Vrrp;

public class ParseErrorCountersTests
{
    [Fact]
    public void Increment_ManyThreads_CountsEveryIncrement()
    {
        var counters = new ParseErrorCounters();
        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 10_000; i++) counters.Increment(VrrpParseError.BadChecksum);
        });
        Assert.Equal(80_000, counters[VrrpParseError.BadChecksum]);
        Assert.Equal(80_000, counters.Total);
    }

    [Fact]
    public void Increment_None_NotCounted()
    {
        var counters = new ParseErrorCounters();
        counters.Increment(VrrpParseError.None);
        Assert.Equal(0, counters.Total);
        Assert.Empty(counters.Snapshot());
    }

    [Fact]
    public void Snapshot_SeveralReasons_ListsNonZeroOnly()
    {
        var counters = new ParseErrorCounters();
        counters.Increment(VrrpParseError.BadTtl);
        counters.Increment(VrrpParseError.BadTtl);
        counters.Increment(VrrpParseError.BadType);
        Assert.Equal(
            [new(VrrpParseError.BadTtl, 2), new(VrrpParseError.BadType, 1)],
            counters.Snapshot());
    }
}
